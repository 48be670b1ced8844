using System.Diagnostics;
using Newtonsoft.Json.Linq;

namespace Env.Sdk.Tests;

/// <summary>
/// Issue 16, items 9 and 19, through the installed dotnet-env and real builds: an entry replaced by a link is reported by
/// every verify, never used by a build or a run, and repaired; gc never deletes through a linked bookkeeping folder.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class StoreIntegrityTests(SdkFixture fixture)
{
    /// <summary>Moves the entry out of the store, changes its program, and leaves a link to it at the entry's name.</summary>
    private static string ReplaceByTamperedLink(TestEnv env, string entry)
    {
        var path = Path.Combine(env.StoreDir, entry);
        var copy = Path.Combine(env.Root, "elsewhere", entry);
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        Directory.Move(path, copy);
        var program = Directory.EnumerateFiles(Path.Combine(copy, "bin")).First();
        File.SetUnixFileMode(Path.Combine(copy, "bin"), (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(program, (UnixFileMode)0b111_101_101);
        File.AppendAllText(program, "echo tampered\n");
        Directory.CreateSymbolicLink(path, copy);
        return copy;
    }

    [Fact]
    public void A_tool_entry_replaced_by_a_link_is_reported_by_every_verify_refused_by_the_build_and_repaired()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, "greet-1.0.tar.gz", "greet", "hello");
        using var server = new LoopbackFileServer(www);
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{server.Url("greet-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.Output);
        var entry = (string)JObject.Parse(File.ReadAllText(env.LockFile))["tools"]!["greet"]!["any"]!["storePath"]!;
        var copy = ReplaceByTamperedLink(env, entry);
        var entryPath = Path.Combine(env.StoreDir, entry);

        var whole = env.DotnetEnv(["verify"]);
        Assert.Equal(1, whole.ExitCode);
        Assert.Contains($"changed: {entryPath}: it is a symbolic link (to {copy})", whole.Stdout);
        Assert.Contains("ENV0312: ", whole.Stderr);
        var scoped = env.DotnetEnv(["verify", "--env"]);
        Assert.Equal(1, scoped.ExitCode);
        Assert.Contains($"changed: {entryPath}", scoped.Stdout);

        // The build does not take the link for the entry, nor move anything over it.
        env.ForgetRestore();
        var refused = env.Build();
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("ENV0319", refused.Output);
        Assert.Contains(entryPath, refused.Output);
        Assert.DoesNotContain("MSB4018", refused.Output);

        var repaired = env.DotnetEnv(["verify", "--repair", env.ProjectDir]);
        Assert.True(repaired.ExitCode == 0, repaired.ToString());
        Assert.Contains($"repaired: {entryPath}", repaired.Stdout);
        Assert.Null(new DirectoryInfo(entryPath).LinkTarget);
        Assert.True(Directory.Exists(copy)); // the link went, not what it led to
        Assert.True(env.DotnetEnv(["verify"]).ExitCode == 0);
        Assert.True(env.Build().ExitCode == 0);
        var shell = env.InShell("bash", "greet ok");
        Assert.Contains("hello ok", shell.Output);
        Assert.DoesNotContain("tampered", shell.Output);
    }

    [Fact]
    public void A_plain_file_at_an_entry_name_is_a_coded_error_naming_it()
    {
        using var env = new TestEnv(fixture);
        var path = BuildGreetThenDeleteItsEntry(env);
        File.WriteAllText(path, "not an entry");

        env.ForgetRestore();
        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("ENV0319", build.Output);
        Assert.Contains($"{path} is a file", build.Output);
        Assert.DoesNotContain("MSB4018", build.Output);
        Assert.Equal("not an entry", File.ReadAllText(path));
    }

    [Fact]
    public void A_tool_entry_gone_from_the_store_is_reported_by_verify_env_and_repaired()
    {
        using var env = new TestEnv(fixture);
        var path = BuildGreetThenDeleteItsEntry(env);

        var scoped = env.DotnetEnv(["verify", "--env"]);
        Assert.Equal(1, scoped.ExitCode);
        Assert.Contains($"changed: {path}: missing from the store", scoped.Stdout);
        var repaired = env.DotnetEnv(["verify", "--repair", env.ProjectDir]);
        Assert.True(repaired.ExitCode == 0, repaired.ToString());
        Assert.True(Directory.Exists(path));
        Assert.Contains("hello ok", env.InShell("bash", "greet ok").Output);
    }

    [Fact]
    public void An_incremental_build_puts_back_a_tool_entry_gone_from_the_store_though_the_profile_stayed()
    {
        using var env = new TestEnv(fixture);
        var path = BuildGreetThenDeleteItsEntry(env);
        Assert.True(Directory.Exists(Path.Combine(env.ShellDir, "profile", "bin")), "the profile entry stays: only the tool's went");

        // Nothing changed that timestamps see; the build still notices and restores the tool (from the download cache).
        var again = env.Build();
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.True(Directory.Exists(path));
        Assert.Contains("hello ok", env.InShell("bash", "greet ok").Output);
    }

    [Fact]
    public void Run_never_starts_a_tool_whose_entry_is_a_link()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, "greeter-1.0.tar.gz", "greet", "hello from greeter");
        using var server = new LoopbackFileServer(www);
        string[] run = ["run", "--url", server.Url("greeter-1.0.tar.gz"), "--hash", TestArchives.Sri(archive), "--", "there"];
        var ok = env.DotnetEnv(run);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        var entry = Path.GetFileName(Directory.EnumerateDirectories(env.StoreDir).Single(d => !Path.GetFileName(d).StartsWith('.')));
        ReplaceByTamperedLink(env, entry);

        var again = env.DotnetEnv(run);
        Assert.Equal(1, again.ExitCode);
        Assert.DoesNotContain("tampered", again.Stdout);
        Assert.Matches("(?m)^ENV0319: ", again.Stderr);
    }

    [Fact]
    public void Gc_never_deletes_through_a_linked_bookkeeping_folder()
    {
        using var env = new TestEnv(fixture);
        Directory.CreateDirectory(env.StoreDir);
        // Someone else's folder, holding a file named as gc's sweep of .refs removes them (an entry's name, no such entry).
        var victim = Path.Combine(env.Root, "victim");
        Directory.CreateDirectory(victim);
        var file = Path.Combine(victim, "0000000000000000000000000000000a-gone");
        File.WriteAllText(file, "mine");
        Directory.CreateSymbolicLink(Path.Combine(env.StoreDir, ".refs"), victim);

        var gc = env.DotnetEnv(["gc"]);
        Assert.Equal(1, gc.ExitCode);
        Assert.Matches("(?m)^ENV0320: ", gc.Stderr);
        Assert.Contains(Path.Combine(env.StoreDir, ".refs"), gc.Stderr);
        Assert.Equal("mine", File.ReadAllText(file));
    }

    /// <summary>Builds an env with one archive tool (greet), then deletes that tool's store entry (the profile stays).</summary>
    private static string BuildGreetThenDeleteItsEntry(TestEnv env)
    {
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hello");
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""");
        Assert.True(env.Build().ExitCode == 0);
        var entry = (string)JObject.Parse(File.ReadAllText(env.LockFile))["tools"]!["greet"]!["any"]!["storePath"]!;
        var path = Path.Combine(env.StoreDir, entry);
        foreach (var d in Directory.EnumerateDirectories(path, "*", SearchOption.AllDirectories).Prepend(path)) File.SetUnixFileMode(d, (UnixFileMode)0b111_000_000);
        Directory.Delete(path, recursive: true);
        return path;
    }
}
