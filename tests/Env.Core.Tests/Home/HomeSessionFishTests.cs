using Env.Core.Home;
using Env.Core.Shell;

namespace Env.Core.Tests.Home;

/// <summary>The fish session script sourced twice (a nested shell, config.fish read again) in the real fish.</summary>
public sealed class HomeSessionFishTests : IDisposable
{
    private readonly TempDir _dir = new("envsdk-session-fish-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_entry_holding_a_colon_is_added_once_however_often_the_script_is_sourced()
    {
        var variables = EnvVariableParser.ParseAll([
            ("MANPATH", new Dictionary<string, string> { ["Prepend"] = "/p:/q" }),
            ("MANPATH", new Dictionary<string, string> { ["Append"] = "/y:/z*" }),
            ("MYLIST", new Dictionary<string, string> { ["Prepend"] = "/m:/n" }),
        ], "env.proj");
        var script = _dir.Combine("env.fish");
        File.WriteAllText(script, HomeSessionScript.Generate(ShellFamily.Fish, "/state/home/profile/bin", variables));
        var psi = new System.Diagnostics.ProcessStartInfo("fish", ["--no-config", "-c", $"source {script}; source {script}; source {script}; echo \"$MANPATH\"; echo \"$MYLIST\""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["PATH"] = "/usr/bin:/bin";
        psi.Environment["MANPATH"] = "/a";
        psi.Environment.Remove("MYLIST");
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, error);
        Assert.Equal(["/p:/q:/a:/y:/z*", "/m:/n"], output.TrimEnd('\n').Split('\n'));
    }
}
