using Env.Core.Editing;
using Env.Core.Locking;
using Env.Core.Tests.NuGet;

namespace Env.Core.Tests.Editing;

public sealed class OutdatedToolsTests : IDisposable
{
    private readonly TestNuGetConfig _config = new();

    public void Dispose() => _config.Dispose();

    [Fact]
    public async Task Each_package_tool_is_compared_with_the_newest_stable_version_on_the_feeds()
    {
        var feed = _config.Feed("local");
        foreach (var v in new[] { "1.0.0", "1.2.0", "2.0.0", "3.0.0-beta" }) TestNupkg.Write(feed, "Contoso.Tool", v);
        foreach (var v in new[] { "5.0.0" }) TestNupkg.Write(feed, "Current.Tool", v);
        _config.Write([("local", feed)]);
        var project = Path.Combine(_config.Root, "env.proj");
        File.WriteAllText(project, """
            <Project Sdk="Env.Sdk/0.1.0">
              <ItemGroup>
                <Tool Include="exact" Package="Contoso.Tool" Version="1.0.0" />
                <Tool Include="floating" Package="Contoso.Tool" Version="1.*" />
                <Tool Include="Current.Tool" Version="5.0.0" />
                <Tool Include="gone" Version="1.0.0" />
                <Tool Include="rg" Version="14.1.1" Url="https://example.org/rg.tar.gz" Hash="sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" />
              </ItemGroup>
            </Project>
            """);
        var lockPath = Path.Combine(_config.Root, "env.lock.json");
        var lockFile = new LockFile();
        var nar = new byte[32];
        lockFile.Set("floating", "any", new LockEntry
        {
            Kind = LockEntry.NuGetKind, Package = "Contoso.Tool", Requested = "1.*", Version = "1.0.0", SourceHash = "sha512-x", NarHash = "sha256-" + Convert.ToBase64String(nar),
            StorePath = Env.Core.Nix.FixedOutputPath.ComputeRecursiveSha256(nar, EntryName.ForTool("floating", "1.0.0")),
        });
        File.WriteAllText(lockPath, lockFile.Serialize());

        var rows = await OutdatedTools.FindAsync(project, lockPath, includePrerelease: false, new AddOptions { Install = new Env.Core.Tools.InstallSettings { StoreDir = Path.Combine(_config.Root, "store"), CacheDir = Path.Combine(_config.Root, "cache"), NuGetSettingsRoot = _config.Root, Rid = "linux-x64" } }, CancellationToken.None);

        Assert.Equal(["Current.Tool", "exact", "floating", "gone"], rows.Select(r => r.Name));
        Assert.Equal(("1.0.0", (string?)null, "1.0.0", "2.0.0", true), (rows[1].Requested, rows[1].Locked, rows[1].Wanted, rows[1].Latest, rows[1].IsOutdated));
        Assert.Equal(("1.*", (string?)"1.0.0", "1.2.0", "2.0.0", true), (rows[2].Requested, rows[2].Locked, rows[2].Wanted, rows[2].Latest, rows[2].IsOutdated));
        Assert.False(rows[0].IsOutdated);
        Assert.StartsWith("ENV0403", rows[3].Problem);

        var pre = await OutdatedTools.FindAsync(project, lockPath, includePrerelease: true, new AddOptions { Install = new Env.Core.Tools.InstallSettings { StoreDir = Path.Combine(_config.Root, "store"), CacheDir = Path.Combine(_config.Root, "cache"), NuGetSettingsRoot = _config.Root, Rid = "linux-x64" } }, CancellationToken.None);
        Assert.Equal("3.0.0-beta", pre.Single(r => r.Name == "exact").Latest);
    }
}
