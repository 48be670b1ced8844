using Env.Core.Platforms;
using Env.Core.State;
using Env.Core.Store;
using Env.Core.Tools;
using Newtonsoft.Json.Linq;

namespace Env.Sdk.Tests;

/// <summary>
/// The documented defaults of EnvStoreDir, EnvCacheDir and EnvRuntimeIdentifier are computed by Sdk.targets at
/// evaluation (what IDEs and scripts see) and by Env.Core for tools outside MSBuild: the two must agree.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class DefaultsTests(SdkFixture fixture)
{
    [Fact]
    public void EnvProfileDir_is_the_shell_folders_profile_link_and_EnvVar_values_expand_it()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<EnvVar Include="MANPATH" Prepend="$(EnvProfileDir)/share/man" />""");
        var props = GetProperties(env, env.Environment(), "EnvProfileDir");
        Assert.Equal(Path.Combine(env.ShellDir, "profile"), props["EnvProfileDir"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GetProperty_shows_the_real_defaults_and_they_equal_Env_Cores(bool withXdg)
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("");
        var vars = env.Environment(new Dictionary<string, string?>
        {
            ["ENVSDK_STORE"] = null,
            ["ENVSDK_CACHE"] = null,
            ["XDG_DATA_HOME"] = withXdg ? Path.Combine(env.Root, "xdg-data") : null,
            ["XDG_CACHE_HOME"] = withXdg ? Path.Combine(env.Root, "xdg-cache") : null,
            ["XDG_STATE_HOME"] = withXdg ? Path.Combine(env.Root, "xdg-state") : null,
        });

        var props = GetProperties(env, vars, "EnvStoreDir", "EnvCacheDir", "EnvStateDir", "_EnvRecordDir", "EnvRuntimeIdentifier", "EnvMaxUnpackedSize");

        string? Lookup(string name) => vars.GetValueOrDefault(name);
        Assert.Equal(StoreLayout.DefaultStoreDir(Lookup), props["EnvStoreDir"]);
        Assert.Equal(StoreLayout.DefaultCacheDir(Lookup), props["EnvCacheDir"]);
        Assert.Equal(StateLayout.DefaultStateDir(Lookup), props["EnvStateDir"]);
        Assert.Equal(new StateLayout(props["EnvStateDir"]!).RecordDir(env.ProjectDir), props["_EnvRecordDir"]);
        Assert.Equal(RuntimeIdentifierChain.Current(), props["EnvRuntimeIdentifier"]);
        // The one 8 GiB: MSBuild has no constants, so the targets write the number and this keeps it Core's.
        Assert.Equal(Env.Core.Tools.InstallSettings.DefaultMaxUnpackedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), props["EnvMaxUnpackedSize"]);
        // And both say what docs/env-proj.md says.
        Assert.Equal(withXdg ? Path.Combine(env.Root, "xdg-data", "envsdk", "store") : Path.Combine(env.Home, ".local", "share", "envsdk", "store"), props["EnvStoreDir"]);
        Assert.Equal(withXdg ? Path.Combine(env.Root, "xdg-cache", "envsdk") : Path.Combine(env.Home, ".cache", "envsdk"), props["EnvCacheDir"]);
        Assert.Equal(withXdg ? Path.Combine(env.Root, "xdg-state", "envsdk") : Path.Combine(env.Home, ".local", "state", "envsdk"), props["EnvStateDir"]);
    }

    [Fact]
    public void ENVSDK_variables_win_and_a_projects_own_setting_wins_over_them()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("");
        var props = GetProperties(env, env.Environment(), "EnvStoreDir", "EnvCacheDir");
        Assert.Equal(env.StoreDir, props["EnvStoreDir"]);
        Assert.Equal(env.CacheDir, props["EnvCacheDir"]);

        env.WriteProject("", "<EnvStoreDir>/elsewhere/store</EnvStoreDir>");
        Assert.Equal("/elsewhere/store", GetProperties(env, env.Environment(), "EnvStoreDir")["EnvStoreDir"]);
    }

    [Fact]
    public void A_changed_XDG_DATA_HOME_restores_into_the_new_store_though_no_file_changed()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""");
        Environment(env, "first", out var firstStore, out var firstVars);
        Environment(env, "second", out var secondStore, out var secondVars);

        var first = env.Build(firstVars);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.StartsWith(firstStore, new FileInfo(Path.Combine(env.ShellDir, "profile")).LinkTarget);

        var second = env.Build(secondVars);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.StartsWith(secondStore, new FileInfo(Path.Combine(env.ShellDir, "profile")).LinkTarget);
        Assert.Contains(Directory.EnumerateDirectories(secondStore), d => d.EndsWith("-greet-1.0", StringComparison.Ordinal));
    }

    private static void Environment(TestEnv env, string name, out string store, out Dictionary<string, string?> vars)
    {
        var data = Path.Combine(env.Root, name);
        store = Path.Combine(data, "envsdk", "store");
        vars = new Dictionary<string, string?> { ["ENVSDK_STORE"] = null, ["XDG_DATA_HOME"] = data };
    }

    private static Dictionary<string, string?> GetProperties(TestEnv env, IDictionary<string, string?> vars, params string[] names)
    {
        var run = ProcessRunner.Run("dotnet", ["msbuild", env.ProjectFile, "-nr:false", .. names.Select(n => "-getProperty:" + n)], env.ProjectDir, vars);
        Assert.True(run.ExitCode == 0, run.ToString());
        var text = run.Output.Trim();
        if (names.Length == 1) return new() { [names[0]] = text };
        var json = JObject.Parse(text[text.IndexOf('{')..]);
        return names.ToDictionary(n => n, n => (string?)json["Properties"]![n]);
    }
}
