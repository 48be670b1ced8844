using System.Diagnostics;
using Env.Core.Nix;
using Env.Core.Shell;
using Env.Core.Store;

namespace Env.Core.Tests.Shell;

/// <summary><c>.envsdk/exec</c>: one command in the env, as <c>dotnet run</c> of a project that uses the env starts the app.</summary>
public sealed class ExecScriptTests
{
    [Theory]
    [InlineData("sh")]
    [InlineData("dash")]
    [InlineData("bash")]
    public void Exec_runs_the_command_with_the_env_applied_its_arguments_untouched_and_its_exit_code(string shell)
    {
        using var tmp = new TempDir();
        var entry = tmp.Combine("store", "0123456789abcdfghijklmnpqrsvwxyz-demo-profile");
        Directory.CreateDirectory(Path.Combine(entry, "bin"));
        var shellDir = tmp.Combine("my env", ".envsdk");
        var value = "it's \"$HOME\" `x` \\ ; done";
        DevShell.Write(shellDir, tmp.Combine("my env", "env.proj"), new StoreEntry(Path.GetFileName(entry), entry, ContentHash.Parse("sha256-" + Convert.ToBase64String(new byte[32]))),
            [new EnvVariable("GREETING", value)], [new ShellHook(ShellFamily.Sh, "echo HOOK-RAN")]);
        var exec = Path.Combine(shellDir, ExecScript.FileName);
        Assert.True(File.GetUnixFileMode(exec).HasFlag(UnixFileMode.UserExecute));

        // Run as dotnet run runs it (the file itself, found by its #!) and under each shell.
        var (code, output) = Run(shell, [exec, "sh", "-c", "printf '%s|%s|%s' \"$GREETING\" \"$1\" \"${PATH%%:*}\"; exit 7", "argv0", "a b*"]);
        Assert.Equal(7, code);
        Assert.Equal($"{value}|a b*|{Path.Combine(entry, "bin")}", output);
        Assert.DoesNotContain("HOOK-RAN", output);
    }

    [Fact]
    public void The_cmd_form_calls_activate_beside_it_and_passes_the_exit_code_on()
    {
        var text = ExecScript.Cmd();
        Assert.StartsWith(CmdActivateScript.Marker, text);
        Assert.Contains("@call \"%~dp0activate.cmd\" || exit /b 1\r\n", text);
        Assert.EndsWith("@exit /b %ERRORLEVEL%\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", ""));
    }

    private static (int Code, string Output) Run(string shell, string[] args)
    {
        var start = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["PATH"] = "/usr/bin:/bin";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(error == "", error);
        return (process.ExitCode, output);
    }
}
