using Env.Core.Diagnostics;
using Env.Core.Profiles;
using Env.Core.Store;

namespace Env.Core.Tests.Profiles;

/// <summary>The profile writer creates files directly in its bin/ and nowhere else, whatever its callers checked.</summary>
public sealed class ProfileBuilderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("../../outside")]
    [InlineData("/tmp/envsdk-absolute-command")]
    [InlineData("sub/x")]
    [InlineData("..")]
    [InlineData("-x")]
    public void A_command_name_that_is_not_a_file_in_bin_is_refused_and_nothing_is_written(string name)
    {
        var store = new EnvStore(_dir.Combine("store"), NullEnvLog.Instance);
        var target = _dir.Combine("target");
        File.WriteAllText(target, "x");
        var before = Directory.GetFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories).Order().ToArray();

        var ex = Assert.Throws<EnvException>(() => ProfileBuilder.Build(store, "env", [new Command(name, "t", CommandKind.Link, target)], "/repo/env.proj"));

        Assert.Equal(EnvCode.ENV0602, ex.Code);
        Assert.False(File.Exists("/tmp/envsdk-absolute-command"));
        // The store's own bookkeeping (the store folder, .tmp) may appear; no entry and nothing else may.
        var after = Directory.GetFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories)
            .Where(p => p != store.Layout.StoreDir && !p.StartsWith(store.Layout.StoreDir + "/.", StringComparison.Ordinal)).Order().ToArray();
        Assert.Equal(before, after);
    }

    [Fact]
    public void Two_commands_with_one_name_are_a_coded_error_not_a_crash()
    {
        var store = new EnvStore(_dir.Combine("store"), NullEnvLog.Instance);
        var target = _dir.Combine("target");
        File.WriteAllText(target, "x");
        var ex = Assert.Throws<EnvException>(() => ProfileBuilder.Build(store, "env",
            [new Command("x", "a", CommandKind.Link, target), new Command("X", "b", CommandKind.Link, target)], "/repo/env.proj"));
        Assert.Equal(EnvCode.ENV0008, ex.Code);
    }

    [Fact]
    public void The_dotnet_shim_passes_roll_forward_as_an_option_and_exports_nothing()
    {
        var store = new EnvStore(_dir.Combine("store"), NullEnvLog.Instance);
        var profile = ProfileBuilder.Build(store, "env", [new Command("tool", "t", CommandKind.DotnetShim, "/store/t/tool.dll")], null);
        var shim = File.ReadAllText(Path.Combine(profile.Path, "bin", "tool"));
        Assert.Contains("exec --roll-forward Major '/store/t/tool.dll' \"$@\"", shim);
        Assert.DoesNotContain("DOTNET_ROLL_FORWARD=", shim);
    }
}
