using Env.Core.Home;
using Env.Core.Shell;

namespace Env.Core.Tests.Home;

/// <summary>The session scripts sourced twice (a nested shell) in the real POSIX shells; fish and pwsh in Env.Sdk.Tests' HomeBuildTests.</summary>
public sealed class HomeSessionScriptTests : IDisposable
{
    private readonly TempDir _dir = new("envsdk-session-");

    public void Dispose() => _dir.Dispose();

    private static readonly IReadOnlyList<EnvVariable> Variables = EnvVariableParser.ParseAll([
        ("EDITOR", new Dictionary<string, string> { ["Value"] = "vi 'x' $HOME" }),
        ("MANPATH", new Dictionary<string, string> { ["Prepend"] = "/a*" }),
        ("MANPATH", new Dictionary<string, string> { ["Prepend"] = "/b" }),
        ("MANPATH", new Dictionary<string, string> { ["Append"] = "/z" }),
        ("GONE", new Dictionary<string, string> { ["Unset"] = "true" }),
    ], "env.proj");

    [Theory]
    [InlineData("bash")]
    [InlineData("dash")]
    [InlineData("zsh")]
    public void Sourcing_twice_adds_each_entry_once(string shell)
    {
        var script = _dir.Combine("env.sh");
        File.WriteAllText(script, HomeSessionScript.Generate(ShellFamily.Sh, "/state/home/profile/bin", Variables));
        var psi = new System.Diagnostics.ProcessStartInfo(shell, ["-c", $"set -eu; . {script}; . {script}; echo \"$PATH\"; echo \"$MANPATH\"; echo \"$EDITOR\"; echo \"${{GONE-unset}}\""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["PATH"] = "/usr/bin:/bin";
        psi.Environment["MANPATH"] = "/a";
        psi.Environment["GONE"] = "here";
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, error);
        Assert.Equal(["/state/home/profile/bin:/usr/bin:/bin", "/a*:/b:/a:/z", "vi 'x' $HOME", "unset"], output.TrimEnd('\n').Split('\n'));
    }
}
