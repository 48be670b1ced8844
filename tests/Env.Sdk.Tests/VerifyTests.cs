using Newtonsoft.Json.Linq;

namespace Env.Sdk.Tests;

/// <summary>
/// `dotnet env verify` on entries real builds made: a corrupted tool is named and fails the command, `--repair`
/// rebuilds it from the lock (the download cache, the server gone), and the env's shell runs the real tool again.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class VerifyTests(SdkFixture fixture)
{
    [Fact]
    public void A_corrupted_tool_is_named_then_repaired_from_its_lock()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, "greet-1.0.tar.gz", "greet", "hello");
        string entry;
        using (var server = new LoopbackFileServer(www))
        {
            env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{server.Url("greet-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
            var build = env.Build();
            Assert.True(build.ExitCode == 0, build.Output);
            entry = (string)JObject.Parse(File.ReadAllText(env.LockFile))["tools"]!["greet"]!["any"]!["storePath"]!;
        }

        var clean = env.DotnetEnv(["verify"]);
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Contains("Verified 2 store entries", clean.Stderr); // the tool and the profile

        // Tampering: the tool now does something else.
        var program = Path.Combine(env.StoreDir, entry, "bin", "greet");
        File.SetUnixFileMode(Path.Combine(env.StoreDir, entry, "bin"), (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(program, (UnixFileMode)0b111_101_101);
        File.AppendAllText(program, "echo tampered\n");
        Assert.Contains("tampered", env.InShell("bash", "greet").Output);

        var found = env.DotnetEnv(["verify"]);
        Assert.Equal(1, found.ExitCode);
        Assert.Contains($"changed: {Path.Combine(env.StoreDir, entry)}", found.Stdout);
        Assert.Contains("ENV0312: 1 store entry has changed content: " + entry, found.Stderr);
        var scoped = env.DotnetEnv(["verify", "--env"]);
        Assert.Equal(1, scoped.ExitCode);

        var repaired = env.DotnetEnv(["verify", "--repair", env.ProjectDir]);
        Assert.True(repaired.ExitCode == 0, repaired.ToString());
        Assert.Contains($"repaired: {Path.Combine(env.StoreDir, entry)}", repaired.Stdout);

        var again = env.DotnetEnv(["verify"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        var shell = env.InShell("bash", "greet ok");
        Assert.True(shell.ExitCode == 0, shell.Output);
        Assert.DoesNotContain("tampered", shell.Output);
        Assert.Contains("hello ok", shell.Output);
    }

    [Fact]
    public void A_corrupted_profile_is_removed_and_the_env_to_build_named()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hello");
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""");
        Assert.True(env.Build().ExitCode == 0);
        var profile = Path.GetFileName(new DirectoryInfo(Path.Combine(env.ShellDir, "profile")).LinkTarget!);
        var bin = Path.Combine(env.StoreDir, profile, "bin");
        File.SetUnixFileMode(bin, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(bin, "intruder"), "#!/bin/sh\n");

        var repair = env.DotnetEnv(["verify", "--repair"]);
        Assert.Equal(1, repair.ExitCode);
        Assert.Contains("ENV0313: ", repair.Stderr);
        Assert.Contains(Path.Combine(env.ShellDir, "profile"), repair.Stderr);
        Assert.False(Directory.Exists(Path.Combine(env.StoreDir, profile)));

        // Building the env again makes it anew.
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.True(env.DotnetEnv(["verify"]).ExitCode == 0);
        Assert.Contains("hello there", env.InShell("bash", "greet there").Output);
    }
}
