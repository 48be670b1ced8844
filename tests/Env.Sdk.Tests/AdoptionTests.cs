using System.Security;

namespace Env.Sdk.Tests;

/// <summary>
/// A repository shaped like a real .NET library (a .slnx at the root, global.json pinning the SDK and the
/// Microsoft.Testing.Platform runner, xunit v3 and MSTest projects, .config/dotnet-tools.json with two tools, nuget.config
/// with package source mapping, a .gitignore, git), moved to Env.Sdk by <c>dotnet env init</c>; then every project-less
/// <c>dotnet</c> verb its README and CI run still works at the root, the tools answer as <c>dotnet X</c> in the env, the
/// prompt hook activates in src/, and a fresh clone with an empty store builds.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class AdoptionTests(SdkFixture fixture)
{
    [Fact]
    public void A_real_shaped_repository_moves_with_dotnet_env_init_and_keeps_every_habit()
    {
        using var env = new TestEnv(fixture);
        var repo = env.ProjectDir;
        MakeRepository(env);
        var before = TestEnv.Snapshot(repo);

        // A feed that does not hold the SDK is refused before anything is written.
        var empty = Directory.CreateDirectory(Path.Combine(env.Root, "empty-feed")).FullName;
        var refused = env.DotnetEnv(["init", "--source", empty]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("ENV0792", refused.Stderr);
        Assert.Equal(before, TestEnv.Snapshot(repo));

        // --dry-run says what it would do and changes nothing.
        var dry = env.DotnetEnv(["init", "--source", fixture.SdkFeed, "--dry-run"]);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("create env/env.proj: the env, with the 2 tool(s) of .config/dotnet-tools.json: Hello.Tool 1.0.0, Rid.Tool 1.0.0", dry.Stdout);
        Assert.Contains("create Directory.Solution.targets: imports Env.Sdk's Solution.targets, so building, restoring or testing Lib.slnx prepares and builds the env", dry.Stdout);
        Assert.Equal(before, TestEnv.Snapshot(repo));

        var init = env.DotnetEnv(["init", "--source", fixture.SdkFeed]);
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("Then delete .config/dotnet-tools.json", init.Stdout);
        Assert.True(File.Exists(Path.Combine(repo, "env", "env.lock.json")), init.ToString());
        var globalJson = File.ReadAllText(Path.Combine(repo, "global.json"));
        Assert.Contains("\"Env.Sdk\": \"" + Repo.SdkVersion + "\"", globalJson);
        Assert.Contains("\"runner\": \"Microsoft.Testing.Platform\"", globalJson);
        Assert.Contains("\"rollForward\": \"latestFeature\"", globalJson);
        var config = File.ReadAllText(Path.Combine(repo, "nuget.config"));
        Assert.Contains("<package pattern=\"Env.Sdk\" />", config);
        // The solution is left as it was (env.proj in it would be a load failure in every Roslyn-based editor); the hook beside it prepares the env.
        Assert.DoesNotContain("env.proj", File.ReadAllText(Path.Combine(repo, "Lib.slnx")));
        Assert.Contains("<Import Project=\"Solution.targets\" Sdk=\"Env.Sdk\" />", File.ReadAllText(Path.Combine(repo, "Directory.Solution.targets")));

        // Run twice, it changes nothing.
        var settled = TestEnv.Snapshot(repo);
        var again = env.DotnetEnv(["init", "--source", fixture.SdkFeed]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("nothing to change", again.Stdout);
        Assert.Equal(settled, TestEnv.Snapshot(repo));

        // As init says: the manifest goes (while it is there, the dotnet CLI sends `dotnet X` to `dotnet tool restore`).
        File.Delete(Path.Combine(repo, ".config", "dotnet-tools.json"));
        Git(env, "add", "-A");
        Git(env, "commit", "-qm", "Move to Env.Sdk");

        // Every project-less verb at the root, as the README and CI run them.
        Dotnet(env, "build");
        // Microsoft.Testing.Platform's dotnet test passes its options to the test apps: no -nr:false (the environment turns node reuse off).
        var test = ProcessRunner.Run("dotnet", ["test"], repo, env.Environment(), TimeSpan.FromMinutes(5));
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Contains("succeeded: 2", test.Output);
        Dotnet(env, "pack");
        Assert.True(File.Exists(Path.Combine(repo, "src", "Lib", "bin", "Release", "Lib.1.0.0.nupkg")) || Directory.EnumerateFiles(repo, "Lib.1.0.0.nupkg", SearchOption.AllDirectories).Any());
        var format = ProcessRunner.Run("dotnet", ["format", "--verify-no-changes"], repo, env.Environment(), TimeSpan.FromMinutes(5));
        Assert.True(format.ExitCode == 0, format.ToString());
        Assert.DoesNotContain("env.proj", format.Output);

        // The tools answer as `dotnet X` in the env, from the root and from src/.
        var dotnetX = env.DotnetEnv(["shell", "--", "dotnet", "hello-dotnet", "a b"], Path.Combine(repo, "src"));
        Assert.True(dotnetX.ExitCode == 0, dotnetX.ToString());
        Assert.Contains("hello-dotnet 1.0.0 [a b]", dotnetX.Stdout);
        var rid = env.DotnetEnv(["shell", "--", "dotnet", "rid-hello"]);
        Assert.True(rid.ExitCode == 0, rid.ToString());
        Assert.Contains("rid-hello on linux-x64", rid.Stdout);

        // The prompt hook activates the env in src/.
        var hook = env.DotnetEnv(["hook", "bash"]);
        File.WriteAllText(Path.Combine(env.Root, "hook.bash"), hook.Stdout);
        var shell = ProcessRunner.Run("bash", ["--norc", "--noprofile", "-c", $". '{env.Root}/hook.bash'; cd src/Lib; _envsdk_hook; hello-dotnet hooked"], repo,
            env.Environment(new Dictionary<string, string?> { ["ENVSDK_HOOK_QUIET"] = null }));
        Assert.True(shell.ExitCode == 0, shell.ToString());
        Assert.Contains("hello-dotnet 1.0.0 [hooked]", shell.Output);

        // A fresh clone, an empty store: `dotnet build` at its root fetches each tool once.
        var clone = Path.Combine(env.Root, "clone");
        Git(env, "clone", "-q", repo, clone);
        var fresh = env.Environment(new Dictionary<string, string?>
        {
            ["ENVSDK_STORE"] = Path.Combine(env.Root, "store2"),
            ["ENVSDK_CACHE"] = Path.Combine(env.Root, "cache2"),
        });
        var cloneBuild = ProcessRunner.Run("dotnet", ["build", "-nr:false", "-tl:off"], clone, fresh, TimeSpan.FromMinutes(5));
        Assert.True(cloneBuild.ExitCode == 0, cloneBuild.ToString());
        Assert.True(File.Exists(Path.Combine(clone, "env", ".envsdk", "activate")), cloneBuild.Output);
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(env.Root, "store2")), d => Path.GetFileName(d).Contains("hello.tool", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(File.ReadAllText(Path.Combine(repo, "env", "env.lock.json")), File.ReadAllText(Path.Combine(clone, "env", "env.lock.json")));

        // A newer release: `dotnet env update` of one tool, and CI's locked build at the root passes.
        File.Copy(Directory.GetFiles(fixture.LaterFeed, "*.nupkg").Single(), Path.Combine(env.ExtraFeed, "Hello.Tool.1.2.0.nupkg"));
        var update = env.DotnetEnv(["update", "Hello.Tool"], Path.Combine(repo, "src"));
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Matches(@"Hello\.Tool\s+1\.0\.0 → 1\.2\.0", update.Stdout);
        var ci = ProcessRunner.Run("dotnet", ["build", "-nr:false", "-tl:off"], repo, env.Environment(new Dictionary<string, string?> { ["CI"] = "true" }), TimeSpan.FromMinutes(5));
        Assert.True(ci.ExitCode == 0, ci.ToString());
        var updated = env.DotnetEnv(["shell", "--", "dotnet", "hello-dotnet"]);
        Assert.Contains("hello-dotnet 1.2.0", updated.Stdout);
    }

    /// <summary>The library's repository before the move, committed.</summary>
    private void MakeRepository(TestEnv env)
    {
        var repo = env.ProjectDir;
        env.UseMachineFeeds();
        // nuget.config as such a repository has it: its sources cleared, package source mapping on (the tools' feed for
        // the tools, the machine's for everything else); the SDK's feed is what init adds.
        var machine = System.Xml.Linq.XDocument.Load(Path.Combine(repo, "nuget.config")).Root!.Element("packageSources")!.Elements("add")
            .Where(a => ((string)a.Attribute("key")!).StartsWith("machine", StringComparison.Ordinal)).ToList();
        File.WriteAllText(Path.Combine(repo, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="tools" value="{SecurityElement.Escape(fixture.ToolFeed)}" />
                <add key="extra" value="{SecurityElement.Escape(env.ExtraFeed)}" />
            {string.Concat(machine.Select(a => $"    <add key=\"{a.Attribute("key")!.Value}\" value=\"{SecurityElement.Escape(a.Attribute("value")!.Value)}\" />\n"))}  </packageSources>
              <packageSourceMapping>
                <packageSource key="tools">
                  <package pattern="Hello.Tool" />
                  <package pattern="Rid.Tool" />
                  <package pattern="Rid.Tool.*" />
                </packageSource>
                <packageSource key="extra">
                  <package pattern="Hello.Tool" />
                </packageSource>
            {string.Concat(machine.Select(a => $"    <packageSource key=\"{a.Attribute("key")!.Value}\">\n      <package pattern=\"*\" />\n    </packageSource>\n"))}  </packageSourceMapping>
            </configuration>
            """);
        var sdk = ProcessRunner.Run("dotnet", ["--version"], repo, env.Environment()).Output.Trim();
        File.WriteAllText(Path.Combine(repo, "global.json"), $$"""
            {
              "sdk": {
                "version": "{{sdk}}",
                "rollForward": "latestFeature"
              },
              "test": {
                "runner": "Microsoft.Testing.Platform"
              }
            }

            """);
        Directory.CreateDirectory(Path.Combine(repo, ".config"));
        File.WriteAllText(Path.Combine(repo, ".config", "dotnet-tools.json"), """
            {
              "version": 1,
              "isRoot": true,
              "tools": {
                "Hello.Tool": { "version": "1.0.0", "commands": [ "hello-dotnet" ], "rollForward": false },
                "Rid.Tool": { "version": "1.0.0", "commands": [ "rid-hello" ], "rollForward": false }
              }
            }
            """);
        File.WriteAllText(Path.Combine(repo, ".gitignore"), "[Bb]in/\n[Oo]bj/\n");

        Dotnet(env, "new", "classlib", "-o", "src/Lib", "-n", "Lib");
        Dotnet(env, "new", "mstest", "-o", "tests/Lib.MSTest", "-n", "Lib.MSTest");
        var mstest = Path.Combine(repo, "tests", "Lib.MSTest", "Lib.MSTest.csproj");
        File.WriteAllText(mstest, File.ReadAllText(mstest)
            .Replace("</TargetFramework>", "</TargetFramework>\n    <OutputType>Exe</OutputType>\n    <EnableMSTestRunner>true</EnableMSTestRunner>\n    <IsPackable>false</IsPackable>"));
        Directory.CreateDirectory(Path.Combine(repo, "tests", "Lib.XUnit"));
        File.WriteAllText(Path.Combine(repo, "tests", "Lib.XUnit", "Lib.XUnit.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <ImplicitUsings>enable</ImplicitUsings>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="xunit.v3" Version="4.0.3" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(repo, "tests", "Lib.XUnit", "Tests.cs"), """
            namespace Lib.XUnit;

            public class Tests
            {
                [Xunit.Fact]
                public void Runs() => Xunit.Assert.True(true);
            }

            """);
        Dotnet(env, "new", "sln", "-n", "Lib", "--format", "slnx");
        Dotnet(env, "sln", "Lib.slnx", "add", "src/Lib/Lib.csproj", "tests/Lib.MSTest/Lib.MSTest.csproj", "tests/Lib.XUnit/Lib.XUnit.csproj");
        // The repository's code as its own `dotnet format` leaves it.
        Dotnet(env, "format");
        Git(env, "init", "-q");
        Git(env, "add", "-A");
        Git(env, "commit", "-qm", "The library");
    }

    private static void Git(TestEnv env, params string[] args)
    {
        var result = ProcessRunner.Run("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "init.defaultBranch=main", .. args], env.ProjectDir, env.Environment());
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', args)}\n{result}");
    }

    private static ProcessResult Dotnet(TestEnv env, params string[] args)
    {
        string[] msbuild = args[0] is "build" or "pack" or "restore" ? ["-nr:false"] : [];
        var result = ProcessRunner.Run("dotnet", [.. args, .. msbuild], env.ProjectDir, env.Environment(), TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', args)}\n{result}");
        return result;
    }
}
