using System.Text.RegularExpressions;

namespace Env.Sdk.Tests;

/// <summary>
/// What a user sees with `dotnet build` in a terminal: MSBuild's terminal logger, which is used only when the
/// output is a terminal. util-linux's `script` gives the build a pseudo-terminal of a set size.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed partial class TerminalLoggerTests(SdkFixture fixture)
{
    [Fact]
    public void Terminal_logger_shows_the_shell_and_what_the_restore_changed_then_only_the_shell_when_up_to_date()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.*" />""");

        var first = InTerminal(env);
        Assert.Matches(@"env succeeded \([0-9.]+s\) → \.envsdk/activate \(installed hello 1\.1\.0; lock written\)", first);

        var second = InTerminal(env);
        Assert.Matches(@"env succeeded \([0-9.]+s\) → \.envsdk/activate\s*$", second.Split('\n').First(l => l.Contains("env succeeded")));

        foreach (var nupkg in Directory.GetFiles(fixture.LaterFeed, "*.nupkg"))
            File.Copy(nupkg, Path.Combine(env.ExtraFeed, Path.GetFileName(nupkg)));
        var update = InTerminal(env, "-t:EnvUpdate");
        Assert.Matches(@"→ \.envsdk/activate \(updated hello 1\.1\.0 → 1\.2\.0; lock written\)", update);
    }

    /// <summary>
    /// A build phase that runs again without a restore (here its stamp is gone, as when a home env's listing or the
    /// stamp's id changes) says only what it did: not the last restore's line again.
    /// </summary>
    [Fact]
    public void A_build_without_a_restore_does_not_replay_the_last_restores_summary()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.*" />""");
        var first = env.Build();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("activate (installed hello 1.1.0; lock written)", first.Output);

        var restoreStamp = Assert.Single(Directory.GetFiles(env.ShellDir, ".restore-*.stamp"));
        var restored = File.GetLastWriteTimeUtc(restoreStamp);
        foreach (var stamp in Directory.GetFiles(env.ShellDir, ".build-*.stamp")) File.Delete(stamp);
        var again = env.Build();
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"env -> {env.ShellDir}{Path.DirectorySeparatorChar}activate\n", again.Output.Replace("\r", ""));
        Assert.DoesNotContain("installed", again.Output);
        // The restore stamp kept its time: the restore is still up to date, and did not run.
        Assert.Equal(restored, File.GetLastWriteTimeUtc(restoreStamp));
    }

    /// <summary>The build's screen as text: control sequences and carriage returns removed.</summary>
    private static string InTerminal(TestEnv env, params string[] args)
    {
        var command = $"stty cols 200 rows 50; dotnet build {env.ProjectFile} -nr:false {string.Join(' ', args)}";
        var result = ProcessRunner.Run("script", ["-qec", command, "/dev/null"], env.ProjectDir,
            // The test host runs under `dotnet test`, whose variables turn the terminal logger off in child builds.
            env.Environment(new Dictionary<string, string?>
            {
                ["TERM"] = "xterm-256color", ["_MSBUILDTLENABLED"] = null, ["MSBUILDENSURESTDOUTFORTASKPROCESSES"] = null,
            }));
        var text = Ansi().Replace(result.Output, "").Replace("\r", "\n");
        Assert.True(result.ExitCode == 0, text);
        Assert.Contains("Build succeeded", text); // the terminal logger's closing line, not the console logger's
        Assert.DoesNotContain("Time Elapsed", text);
        return text;
    }

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x1b\x07]*(\x1b\\|\x07)|[=>])")]
    private static partial Regex Ansi();
}
