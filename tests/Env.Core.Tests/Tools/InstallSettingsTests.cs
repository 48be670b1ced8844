using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Tools;

namespace Env.Core.Tests.Tools;

/// <summary>
/// The one settings record: the machine's ENVSDK_* values (handed in by an edge) join env.proj's with the machine's
/// first, and the setup built from it gives every caller the same sources and limits.
/// </summary>
public sealed class InstallSettingsTests
{
    private static InstallSettings Project => new()
    {
        StoreDir = "/s",
        CacheDir = "/c",
        NuGetSettingsRoot = "/repo",
        Rid = "linux-x64",
        Mirrors = ["https://team.example/m"],
        Substitutes = ["team-feed"],
        DeclaredIn = "/repo/env.proj",
    };

    [Fact]
    public void The_machines_values_come_first_and_are_split_as_the_variables_are()
    {
        var machine = new MachineInstallSettings("https://ci.example/m file:///cache/m", "ci-feed;/srv/feed", "1", null, "7");
        var settings = Project.With(machine);

        Assert.Equal(["https://ci.example/m file:///cache/m", "https://team.example/m"], settings.Mirrors);
        Assert.Equal(["ci-feed", "/srv/feed", "team-feed"], settings.Substitutes);
        Assert.True(settings.Offline);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.Downloads.StallTimeout);
        Assert.Equal(InstallSettings.DefaultMaxUnpackedBytes, settings.MaxUnpackedBytes);
    }

    [Fact]
    public void Read_takes_the_edges_environment_and_nothing_else()
    {
        var values = new Dictionary<string, string?>
        {
            ["ENVSDK_MIRRORS"] = "https://m.example", ["ENVSDK_SUBSTITUTES"] = "feed", ["ENVSDK_OFFLINE"] = "false",
            ["ENVSDK_DOWNLOAD_TIMEOUT"] = "60", ["ENVSDK_STALL_TIMEOUT"] = "3",
        };
        Assert.Equal(new MachineInstallSettings("https://m.example", "feed", "false", "60", "3"), MachineInstallSettings.Read(n => values.GetValueOrDefault(n)));
    }

    [Fact]
    public void A_typo_in_the_machines_offline_switch_is_an_error_not_online()
    {
        var e = Assert.Throws<EnvException>(() => Project.With(MachineInstallSettings.None with { Offline = "yes" }));
        Assert.Equal(EnvCode.ENV0122, e.Code);
    }

    [Fact]
    public void The_setup_builds_the_sources_the_settings_name()
    {
        using var setup = new InstallerSetup(Project with { Substitutes = [], Offline = true }, NullEnvLog.Instance);
        Assert.Equal([new Uri("https://team.example/m")], setup.Sources.Mirrors);
        Assert.True(setup.Sources.Offline);
        Assert.True(setup.UrlFetcher().Offline);
        Assert.Equal(Path.Combine("/c", "downloads"), setup.Cache.Dir);
        Assert.Equal(DownloadLimits.DefaultStallTimeout, setup.Settings.Downloads.StallTimeout);
    }
}
