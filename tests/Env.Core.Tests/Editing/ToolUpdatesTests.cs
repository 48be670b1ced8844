using Env.Core.Diagnostics;
using Env.Core.Editing;
using Env.Core.Locking;
using Env.Core.Tests.NuGet;

namespace Env.Core.Tests.Editing;

/// <summary><c>dotnet env update</c>'s plan against local folder feeds, and its edit of env.proj (every other byte kept).</summary>
public sealed class ToolUpdatesTests : IDisposable
{
    private readonly TestNuGetConfig _config = new();

    public void Dispose() => _config.Dispose();

    private string Project => Path.Combine(_config.Root, "env.proj");

    private string LockPath => Path.Combine(_config.Root, "env.lock.json");

    private AddOptions Options => new()
    {
        Install = new Env.Core.Tools.InstallSettings { StoreDir = Path.Combine(_config.Root, "store"), CacheDir = Path.Combine(_config.Root, "cache"), NuGetSettingsRoot = _config.Root, Rid = "linux-x64" },
    };

    private const string Text = "<Project Sdk=\"Env.Sdk/0.1.0\">\r\n" +
        "  <!-- exact pins move; floating ones stay as written -->\r\n" +
        "  <ItemGroup>\r\n" +
        "    <Tool Include=\"exact\" Package=\"Contoso.Tool\" Version='1.0.0' Rid=\"linux-x64\" Bin=\"tools/1.0.0/x\" />\r\n" +
        "    <Tool Include=\"exact\" Package=\"Contoso.Tool\" Version='1.0.0' Rid=\"osx\" Bin=\"tools/1.0.0/y\" />\r\n" +
        "    <Tool Include=\"floating\" Package=\"Contoso.Tool\" Version=\"1.*\" />\r\n" +
        "    <Tool\r\n      Version=\"5.0.0\"\r\n      Include=\"Current.Tool\" />\r\n" +
        "    <Tool Include=\"rg\" Version=\"14.1.1\" Url=\"https://example.org/rg.tar.gz\" Hash=\"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\" />\r\n" +
        "    <Tool Include=\"protoc\" />\r\n" +
        "  </ItemGroup>\r\n" +
        "</Project>\r\n";

    private void Setup()
    {
        var feed = _config.Feed("local");
        foreach (var v in new[] { "1.0.0", "1.2.0", "2.0.0", "3.0.0-beta" }) TestNupkg.Write(feed, "Contoso.Tool", v);
        TestNupkg.Write(feed, "Current.Tool", "5.0.0");
        _config.Write([("local", feed)]);
        File.WriteAllText(Project, Text);
        var lockFile = new LockFile();
        Lock(lockFile, "floating", "any", "1.*", "1.0.0");
        Lock(lockFile, "Current.Tool", "any", "5.0.0", "5.0.0");
        Lock(lockFile, "exact", "linux-x64", "1.0.0", "1.0.0");
        File.WriteAllText(LockPath, lockFile.Serialize());
    }

    private static void Lock(LockFile lockFile, string tool, string rid, string requested, string version)
    {
        var nar = new byte[32];
        lockFile.Set(tool, rid, new LockEntry
        {
            Kind = LockEntry.NuGetKind, Package = "Contoso.Tool", Requested = requested, Version = version, SourceHash = "sha512-x", NarHash = "sha256-" + Convert.ToBase64String(nar),
            StorePath = Env.Core.Nix.FixedOutputPath.ComputeRecursiveSha256(nar, EntryName.ForTool(tool, version)),
        });
    }

    [Fact]
    public async Task Exact_pins_move_to_the_newest_stable_version_floating_ones_in_the_lock_only_and_archives_and_tool_set_tools_are_skipped()
    {
        Setup();
        var plan = await ToolUpdates.PlanAsync(Project, LockPath, [], Options, CancellationToken.None);

        Assert.Equal(["Current.Tool", "exact", "floating", "protoc", "rg"], plan.Select(u => u.Name));
        Assert.Equal(ToolUpdateKind.Current, plan[0].Kind);
        Assert.Equal((ToolUpdateKind.Edited, "1.0.0", "1.0.0", "2.0.0"), (plan[1].Kind, plan[1].Requested, plan[1].From, plan[1].To));
        Assert.Equal((ToolUpdateKind.Relocked, "1.*", "1.0.0", "1.2.0"), (plan[2].Kind, plan[2].Requested, plan[2].From, plan[2].To));
        Assert.Equal("2.0.0 is out, outside 1.*", plan[2].Note);
        Assert.Equal(ToolUpdateKind.Skipped, plan[3].Kind);
        Assert.Contains("tool set", plan[3].Note);
        Assert.Equal(ToolUpdateKind.Skipped, plan[4].Kind);
        Assert.Contains("Url and Hash", plan[4].Note);

        var named = await ToolUpdates.PlanAsync(Project, LockPath, ["FLOATING"], Options, CancellationToken.None);
        Assert.Equal("floating", named.Single().Name);
    }

    [Fact]
    public async Task The_edit_changes_only_the_version_of_each_platforms_item_keeping_quotes_line_breaks_and_other_attributes()
    {
        Setup();
        var plan = await ToolUpdates.PlanAsync(Project, LockPath, ["exact"], Options, CancellationToken.None);
        var edit = EnvProjectEditor.Load(Project).SetVersions(plan.Where(u => u.Kind == ToolUpdateKind.Edited).Select(u => new VersionChange(u.Name, u.Requested!, u.To!)).ToList());

        Assert.Equal(2, edit.Items);
        edit.Save();
        Assert.Equal(Text.Replace("Version='1.0.0'", "Version='2.0.0'"), File.ReadAllText(Project));
    }

    [Fact]
    public async Task A_lock_behind_env_proj_is_relocked_and_nothing_to_do_is_said_as_such()
    {
        Setup();
        // A bot moved the exact pin in env.proj; the lock still pins the old version.
        File.WriteAllText(Project, Text.Replace("Version='1.0.0'", "Version='2.0.0'"));
        var plan = await ToolUpdates.PlanAsync(Project, LockPath, ["exact"], Options, CancellationToken.None);
        Assert.Equal((ToolUpdateKind.Relocked, "1.0.0", "2.0.0"), (plan.Single().Kind, plan.Single().From, plan.Single().To));

        var current = await ToolUpdates.PlanAsync(Project, LockPath, ["Current.Tool"], Options, CancellationToken.None);
        Assert.False(current.Single().Changes);
    }

    [Fact]
    public async Task An_unknown_tool_or_a_feed_that_cannot_answer_fails_before_anything_is_written()
    {
        Setup();
        var unknown = await Assert.ThrowsAsync<EnvException>(() => ToolUpdates.PlanAsync(Project, LockPath, ["nope"], Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0723, unknown.Code);
        Assert.Contains("'nope'", unknown.Message);

        File.WriteAllText(Project, Text.Replace("Current.Tool", "Missing.Tool"));
        var missing = await Assert.ThrowsAsync<EnvException>(() => ToolUpdates.PlanAsync(Project, LockPath, [], Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0403, missing.Code);
        Assert.Equal(Text.Replace("Current.Tool", "Missing.Tool"), File.ReadAllText(Project));
    }

    [Fact]
    public async Task An_exact_pin_the_editor_may_not_change_is_skipped_with_the_reason()
    {
        Setup();
        File.WriteAllText(Project, """
            <Project Sdk="Env.Sdk/0.1.0">
              <ItemGroup Condition="'$(OS)' != 'Windows_NT'">
                <Tool Include="exact" Package="Contoso.Tool" Version="1.0.0" />
              </ItemGroup>
            </Project>
            """);
        var plan = await ToolUpdates.PlanAsync(Project, LockPath, [], Options, CancellationToken.None);
        Assert.Equal(ToolUpdateKind.Skipped, plan.Single().Kind);
        Assert.Contains("2.0.0 is out, but", plan.Single().Note);
        Assert.Contains("Condition", plan.Single().Note);
    }
}
