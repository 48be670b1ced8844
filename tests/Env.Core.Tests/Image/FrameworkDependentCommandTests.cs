using Env.Core.Image;
using Env.Core.Profiles;

namespace Env.Core.Tests.Image;

/// <summary>Which commands need dotnet in an image: shims, and apphosts whose runtimeconfig names a framework.</summary>
public sealed class FrameworkDependentCommandTests
{
    [Fact]
    public void A_shim_and_a_framework_dependent_apphost_need_dotnet_a_self_contained_or_plain_program_does_not()
    {
        using var dir = new TempDir();
        var apphost = dir.Combine("tool");
        File.WriteAllText(apphost, "");
        var link = new Command("tool", "T", CommandKind.Link, apphost);
        Assert.True(FrameworkDependentCommand.Is(new Command("t", "T", CommandKind.DotnetShim, dir.Combine("t.dll"))));
        Assert.False(FrameworkDependentCommand.Is(link)); // no runtimeconfig: a native program

        var config = dir.Combine("tool.runtimeconfig.json");
        File.WriteAllText(config, """{ "runtimeOptions": { "tfm": "net10.0", "framework": { "name": "Microsoft.NETCore.App", "version": "10.0.0" } } }""");
        Assert.True(FrameworkDependentCommand.Is(link));
        File.WriteAllText(config, """{ "runtimeOptions": { "frameworks": [ { "name": "Microsoft.NETCore.App", "version": "10.0.0" } ] } }""");
        Assert.True(FrameworkDependentCommand.Is(link));
        File.WriteAllText(config, """{ "runtimeOptions": { "tfm": "net10.0", "includedFrameworks": [ { "name": "Microsoft.NETCore.App", "version": "10.0.0" } ] } }""");
        Assert.False(FrameworkDependentCommand.Is(link)); // self-contained

        // Hostile: not JSON, too big, a fifo: not read as a runtimeconfig (and no hang).
        File.WriteAllText(config, "{ nope");
        Assert.False(FrameworkDependentCommand.Is(link));
        File.WriteAllText(config, """{ "runtimeOptions": { "framework": {} }, "pad": """ + "\"" + new string('x', 100_000) + "\" }");
        Assert.False(FrameworkDependentCommand.Is(link));
        File.Delete(config);
        System.Diagnostics.Process.Start("mkfifo", [config])!.WaitForExit();
        Assert.False(FrameworkDependentCommand.Is(link));
    }
}
