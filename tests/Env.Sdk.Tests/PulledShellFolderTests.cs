using Env.Core.Shell;
using static Env.Sdk.Tests.TrustShells;

namespace Env.Sdk.Tests;

/// <summary>
/// What a checkout writes into <c>.envsdk/</c> decides nothing that runs. git overwrites ignored files, so a commit
/// that force-adds <c>.envsdk/profile -> ../.evil</c> replaces the build's link on an ordinary <c>git pull</c>: real git,
/// then the prompt hook in bash, zsh, fish and pwsh (a shell open across the pull, and one entering after it), direnv,
/// <c>.envsdk/exec</c>, <c>print</c>, <c>shell -- CMD</c> and a no-op <c>dotnet build</c>.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class PulledShellFolderTests(SdkFixture fixture)
{
    private const string Evil = "#!/bin/sh\necho pwned\n";

    [Fact]
    public void A_pulled_profile_link_puts_nothing_of_the_checkout_on_PATH_and_the_build_refuses_it()
    {
        using var env = new TestEnv(fixture);
        CloneBuildAndAllow(env);
        var hooks = PromptHook.Shells.ToDictionary(s => s, s => WriteHook(env, s));

        // A shell open across the pull: activated before, asked again after.
        var bash = $"""
            set -eu
            . "{hooks["bash"]}"
            cd "$REPO"; _envsdk_hook; greet
            git pull -q --ff-only 2>&1
            _envsdk_hook; greet
            cd /; _envsdk_hook; cd "$REPO"; _envsdk_hook; greet; command -v greet
            """;
        var open = ProcessRunner.Run("bash", ["--norc", "--noprofile", "-c", bash], env.Root, ShellEnvironment(env));
        Assert.True(open.ExitCode == 0, open.ToString());
        Assert.Equal("../.evil", new FileInfo(Path.Combine(env.ShellDir, "profile")).LinkTarget);
        var lines = Lines(open);
        Assert.Equal(["hi", "hi", "hi"], lines[..3]);
        Assert.StartsWith(env.StoreDir + "/", lines[3]);
        Assert.DoesNotContain("pwned", open.Output);

        // Each shell entering the env after the pull.
        foreach (var (shell, args) in new (string, string[])[]
                 {
                     ("zsh", ["-f", "-c", $". '{hooks["zsh"]}'; cd \"$REPO\"; _envsdk_hook; greet"]),
                     ("fish", ["--no-config", "-c", $"source '{hooks["fish"]}'; cd $REPO; _envsdk_hook; greet"]),
                     ("pwsh", ["-NoProfile", "-NonInteractive", "-Command", $". '{hooks["pwsh"]}'; Set-Location $env:REPO; _envsdk_hook; greet"]),
                 })
        {
            var run = ProcessRunner.Run(shell, args, env.Root, ShellEnvironment(env));
            Assert.True(run.ExitCode == 0 && Lines(run).SequenceEqual(["hi"]), shell + ": " + run);
        }

        // direnv, and .envsdk/exec (what dotnet run of a project that uses the env starts).
        var direnv = ProcessRunner.Run("direnv", ["exec", env.ProjectDir, "greet"], env.Root, DirenvEnvironment(env));
        Assert.True(direnv.ExitCode == 0 && Lines(direnv).Last() == "hi", direnv.ToString());
        var exec = ProcessRunner.Run(Path.Combine(env.ShellDir, "exec"), ["greet"], env.ProjectDir, env.Environment());
        Assert.True(exec.ExitCode == 0 && exec.Output.Trim() == "hi", exec.ToString());

        // print and shell -- CMD see the replaced link and build, which refuses it; nothing of .evil is printed or run.
        foreach (var args in new[] { new[] { "print" }, ["shell", "--", "greet"] })
        {
            var run = env.DotnetEnv(args);
            Assert.True(run.ExitCode != 0, run.ToString());
            Assert.Contains("ENV0607", run.ToString());
            Assert.DoesNotContain("pwned", run.ToString());
            Assert.DoesNotContain("PATH=", run.Stdout);
        }
        // A no-op build sees the link (timestamps cannot) and refuses it, naming it.
        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0607", build.Output);
        Assert.Contains(Path.Combine(env.ShellDir, "profile"), build.Output);
    }

    [Fact]
    public void Run_of_a_bare_name_uses_only_an_env_this_machine_built_and_builds_no_checkout_unasked()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        // A repository whose env.proj runs code when built.
        env.WriteProject($"""
            <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            </ItemGroup>
            <Target Name="Planted" BeforeTargets="Build"><WriteLinesToFile File="$(MSBuildProjectDirectory)/built" Lines="x" /></Target>
            <ItemGroup>
            """);
        var marker = Path.Combine(env.ProjectDir, "built");

        var unbuilt = env.DotnetEnv(["run", "greet"]);
        Assert.True(unbuilt.ExitCode != 0 && unbuilt.Stderr.Contains("ENV0762"), unbuilt.ToString());
        Assert.False(File.Exists(marker), "run built the checkout's env.proj");

        // A committed .envsdk/: an env.json that records no inputs (nothing to be stale against) and a profile link.
        var evil = Path.Combine(env.ProjectDir, ".evil", "bin");
        Directory.CreateDirectory(evil);
        File.WriteAllText(Path.Combine(evil, "greet"), Evil);
        File.SetUnixFileMode(Path.Combine(evil, "greet"), (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(env.ShellDir);
        File.CreateSymbolicLink(Path.Combine(env.ShellDir, "profile"), "../.evil");
        File.WriteAllText(Path.Combine(env.ShellDir, "env.json"), $$"""
            {
              "generatedBy": "Env.Sdk",
              "format": 2,
              "project": {{System.Text.Json.JsonSerializer.Serialize(env.ProjectFile)}},
              "name": "repo",
              "profile": {{System.Text.Json.JsonSerializer.Serialize(Path.Combine(env.ProjectDir, ".evil"))}},
              "path": [{{System.Text.Json.JsonSerializer.Serialize(evil)}}],
              "variables": [],
              "tools": [{ "name": "greet", "version": "1.0", "storePath": "", "commands": ["greet"] }],
              "inputs": []
            }
            """.ReplaceLineEndings("\n"));
        var planted = env.DotnetEnv(["run", "greet"]);
        Assert.True(planted.ExitCode != 0 && planted.Stderr.Contains("ENV0762"), planted.ToString());
        Assert.DoesNotContain("pwned", planted.ToString());
        Assert.False(File.Exists(marker), "run built the checkout's env.proj");

        // Built here (the allow, which replaces what the checkout brought): run uses the env.
        Directory.Delete(env.ShellDir, recursive: true);
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        var allowed = env.DotnetEnv(["run", "greet"]);
        Assert.True(allowed.ExitCode == 0 && allowed.Stdout.Trim() == "hi", allowed.ToString());
    }

    [Fact]
    public void A_deleted_or_older_env_json_is_written_again_by_a_no_op_build_and_print_works()
    {
        using var env = new TestEnv(fixture);
        WriteEnv(env);
        var first = env.Build();
        Assert.True(first.ExitCode == 0, first.ToString());
        var envJson = Path.Combine(env.ShellDir, "env.json");
        var written = File.ReadAllText(envJson);

        File.Delete(envJson);
        var afterDelete = env.Build();
        Assert.True(afterDelete.ExitCode == 0, afterDelete.ToString());
        Assert.Equal(written, File.ReadAllText(envJson));

        // As an older Env.Sdk wrote it (format 1), and its record without the env.json dotnet env now reads.
        File.WriteAllText(envJson, "{\n  \"generatedBy\": \"Env.Sdk\",\n  \"format\": 1,\n  \"project\": " + System.Text.Json.JsonSerializer.Serialize(env.ProjectFile) + "\n}\n");
        File.Delete(Path.Combine(env.StateDir, "dev" + env.ProjectDir, ".envsdk", "env.json"));
        var print = env.DotnetEnv(["print"]);
        Assert.True(print.ExitCode == 0, print.ToString());
        Assert.Contains(env.StoreDir, print.Stdout);
        Assert.Equal(written, File.ReadAllText(envJson));
    }

    [Fact]
    public void A_profile_link_replaced_by_one_that_only_looks_like_a_store_entry_is_made_again_by_a_no_op_build()
    {
        using var env = new TestEnv(fixture);
        WriteEnv(env);
        var first = env.Build();
        Assert.True(first.ExitCode == 0, first.ToString());
        var link = Path.Combine(env.ShellDir, "profile");
        var real = new FileInfo(link).LinkTarget!;
        // An absolute link, named as a store entry, into the checkout: only its place tells it from ours.
        var fake = Path.Combine(env.ProjectDir, ".evil", Path.GetFileName(real));
        Directory.CreateDirectory(Path.Combine(fake, "bin"));
        File.WriteAllText(Path.Combine(fake, "bin", "greet"), Evil);
        File.SetUnixFileMode(Path.Combine(fake, "bin", "greet"), (UnixFileMode)0b111_101_101);
        File.Delete(link);
        File.CreateSymbolicLink(link, fake);

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(real, new FileInfo(link).LinkTarget);
    }

    /// <summary>
    /// origin/ (a git repository with env.proj) cloned as the test's repo/, built there (the allow), direnv allowed;
    /// then origin gains a commit that force-adds <c>.envsdk/profile -> ../.evil</c> and <c>.evil/bin/greet</c>.
    /// </summary>
    private static string CloneBuildAndAllow(TestEnv env)
    {
        WriteEnv(env);
        var origin = Path.Combine(env.Root, "origin");
        Directory.CreateDirectory(origin);
        foreach (var name in new[] { "env.proj", "nuget.config" }) File.Copy(Path.Combine(env.ProjectDir, name), Path.Combine(origin, name));
        Git(env, origin, "init", "-q", "-b", "main");
        Git(env, origin, "add", ".");
        Git(env, origin, "commit", "-q", "-m", "env");
        Directory.Delete(env.ProjectDir, recursive: true);
        Git(env, env.Root, "clone", "-q", origin, env.ProjectDir);

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        var direnv = env.DotnetEnv(["direnv"]);
        Assert.True(direnv.ExitCode == 0, direnv.ToString());
        File.WriteAllText(Path.Combine(env.ProjectDir, ".envrc"), direnv.Stdout);
        var allow = ProcessRunner.Run("direnv", ["allow", env.ProjectDir], env.Root, DirenvEnvironment(env));
        Assert.True(allow.ExitCode == 0, allow.ToString());

        Directory.CreateDirectory(Path.Combine(origin, ".evil", "bin"));
        File.WriteAllText(Path.Combine(origin, ".evil", "bin", "greet"), Evil);
        File.SetUnixFileMode(Path.Combine(origin, ".evil", "bin", "greet"), (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(Path.Combine(origin, ".envsdk"));
        File.CreateSymbolicLink(Path.Combine(origin, ".envsdk", "profile"), "../.evil");
        Git(env, origin, "add", "-f", ".evil", ".envsdk/profile");
        Git(env, origin, "commit", "-q", "-m", "tools");
        return origin;
    }
}
