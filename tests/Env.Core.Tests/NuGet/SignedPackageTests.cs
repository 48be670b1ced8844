using System.Security.Cryptography;
using Env.Core.Diagnostics;
using Env.Core.NuGet;

namespace Env.Core.Tests.NuGet;

/// <summary>
/// A real repository-signed package: the one this kind of machine ships in /opt/nuget/packages. Its content
/// hash must leave the signature out, so that countersigning by a feed does not change what the lock pins.
/// </summary>
public sealed class SignedPackageTests : IDisposable
{
    private const string Shipped = "/opt/nuget/packages/newtonsoft.json/13.0.3/newtonsoft.json.13.0.3.nupkg";
    private readonly TestNuGetConfig _config = new();

    public void Dispose() => _config.Dispose();

    [Fact]
    public async Task The_content_hash_of_a_signed_package_excludes_its_signature()
    {
        Assert.True(File.Exists(Shipped), $"{Shipped} (a signed package every machine of this kind ships) is missing");
        var feed = _config.Feed("signed");
        File.Copy(Shipped, Path.Combine(feed, Path.GetFileName(Shipped)));
        _config.Write([("signed", feed)]);

        using var fetcher = new NuGetPackageFetcher(_config.Root, NullEnvLog.Instance);
        var resolved = await fetcher.ResolveAsync("Newtonsoft.Json", "13.0.3", CancellationToken.None);
        var (contentHash, size) = await fetcher.DownloadAsync(resolved, _config.Temp("n.nupkg"), CancellationToken.None);

        var wholeFile = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(Shipped)));
        Assert.Equal(new FileInfo(Shipped).Length, size);
        Assert.NotEqual(wholeFile, contentHash);
        Assert.Equal(RestoreLockContentHash(), contentHash);
    }

    /// <summary>The oracle: what a real `dotnet restore` records in packages.lock.json for the same package.</summary>
    private string RestoreLockContentHash()
    {
        File.WriteAllText(Path.Combine(_config.Root, "probe.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup><PackageReference Include="Newtonsoft.Json" Version="13.0.3" /></ItemGroup>
            </Project>
            """);
        // Keep the repository's Directory.*.props out of the probe: it lives under /tmp, so none are found.
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet", ["restore", "probe.csproj", "-nr:false"])
        {
            WorkingDirectory = _config.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["NUGET_PACKAGES"] = _config.GlobalPackagesFolder;
        psi.Environment["NUGET_HTTP_CACHE_PATH"] = _config.Temp("http-cache");
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var restore = System.Diagnostics.Process.Start(psi)!;
        var output = restore.StandardOutput.ReadToEnd() + restore.StandardError.ReadToEnd();
        restore.WaitForExit();
        Assert.True(restore.ExitCode == 0, output);
        var lockJson = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.Combine(_config.Root, "packages.lock.json")));
        return (string)lockJson["dependencies"]!["net10.0"]!["Newtonsoft.Json"]!["contentHash"]!;
    }
}
