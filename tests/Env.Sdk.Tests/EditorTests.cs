using System.Text.Json;
using System.Text.Json.Nodes;

namespace Env.Sdk.Tests;

/// <summary>
/// Two real editor engines on a solution whose app and xunit projects use the env (<c>&lt;Sdk Name="Env.Sdk" /&gt;</c>),
/// laid out as recommended: env/env.proj out of the solution's projects (a solution file entry only), and
/// Directory.Solution.targets importing Env.Sdk's Solution.targets. Roslyn's MSBuildWorkspace (tests/WorkspaceProbe, the
/// engine of <c>dotnet format</c> and the C# language servers) and the csharp-ls language server over its stdio
/// protocol load every C# project with its package references and report no load failure; csharp-ls completes
/// <c>Assert.</c>; built, and on a fresh clone with an empty store and the tools out of reach, where nothing is written to
/// the store.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class EditorTests(SdkFixture fixture)
{
    private const string CsharpLsVersion = "0.28.0";

    [Fact]
    public void A_built_solution_loads_in_MSBuildWorkspace_csharp_ls_and_dotnet_format_without_a_word_about_the_env()
    {
        using var env = Repository();
        var build = Dotnet(env, env.Environment(), "build", "all.slnx", "-tl:off");
        Assert.True(File.Exists(Path.Combine(env.ProjectDir, "env", ".envsdk", "activate")), build.Output);

        AssertWorkspaceLoads(env, env.Environment());
        AssertLanguageServerLoads(env, env.Environment());

        var format = ProcessRunner.Run("dotnet", ["format", "all.slnx", "--verify-no-changes"], env.ProjectDir, env.Environment(), TimeSpan.FromMinutes(5));
        Assert.True(format.ExitCode == 0, format.ToString());
        Assert.DoesNotContain("env.proj", format.Output);
        Assert.DoesNotContain("arning", format.Output);
    }

    [Fact]
    public void A_fresh_clone_with_an_empty_store_and_the_tools_out_of_reach_loads_the_same_and_writes_nothing_to_the_store()
    {
        using var env = Repository();
        // An editor's automatic restore, offline for the env's tools (NuGet's own packages still come from the feeds).
        var offline = env.Environment(new Dictionary<string, string?> { ["ENVSDK_OFFLINE"] = "true" });
        Assert.Empty(TestEnv.StoreContents(env.StoreDir));
        var restore = ProcessRunner.Run("dotnet", ["restore", "all.slnx", "-nr:false", "-tl:off"], env.ProjectDir, offline, TimeSpan.FromMinutes(5));
        // The project's own restore completes though the env could not be fetched; the failure stays visible as a warning.
        Assert.True(File.Exists(Path.Combine(env.ProjectDir, "tests", "obj", "project.assets.json")), restore.ToString());
        Assert.Contains("ENV0120", restore.Output);

        AssertWorkspaceLoads(env, offline);
        AssertLanguageServerLoads(env, offline);
        Assert.Empty(TestEnv.StoreContents(env.StoreDir));
        // Last, so the editors' part is checked whatever the restore's exit code: an env that cannot be fetched is a
        // warning at restore (issue 21, item 1), so the editor's automatic restore succeeds.
        Assert.True(restore.ExitCode == 0, restore.ToString());
    }

    /// <summary>MSBuildWorkspace: no workspace diagnostic (a load failure is one), both C# projects with their documents, xunit resolved, no compilation error.</summary>
    private static void AssertWorkspaceLoads(TestEnv env, Dictionary<string, string?> environment)
    {
        var probe = ProcessRunner.Run("dotnet", [Repo.WorkspaceProbe, "all.slnx"], env.ProjectDir, environment, TimeSpan.FromMinutes(5));
        Assert.True(probe.ExitCode == 0, probe.ToString());
        var lines = probe.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.DoesNotContain(lines, l => l.StartsWith("WORKSPACE ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("ERROR ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("PROJECT App C# documents=", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("PROJECT Tests C# documents=", StringComparison.Ordinal) && l.Contains("xunit.core", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.StartsWith("PROJECT ", StringComparison.Ordinal)));
    }

    /// <summary>
    /// csharp-ls as an editor runs it: initialize with the repository as root, open the test file (csharp-ls loads the
    /// solution then), wait for the load's progress to end, then the file's diagnostics and a completion after <c>Assert.</c>.
    /// </summary>
    private void AssertLanguageServerLoads(TestEnv env, Dictionary<string, string?> environment)
    {
        var toolPath = Path.Combine(env.Root, "csharp-ls");
        if (!File.Exists(Path.Combine(toolPath, "csharp-ls")))
            Dotnet(env, env.Environment(), "tool", "install", "csharp-ls", "--version", CsharpLsVersion, "--tool-path", toolPath);

        var rootUri = new Uri(env.ProjectDir).AbsoluteUri;
        var file = Path.Combine(env.ProjectDir, "tests", "UnitTest1.cs");
        var fileUri = new Uri(file).AbsoluteUri;
        var text = File.ReadAllText(file);
        using var server = new LanguageServerSession(Path.Combine(toolPath, "csharp-ls"), [], env.ProjectDir, environment);
        server.Response(server.Request("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = rootUri,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri, ["name"] = "repo" }),
            ["capabilities"] = new JsonObject
            {
                ["window"] = new JsonObject { ["workDoneProgress"] = true },
                ["textDocument"] = new JsonObject { ["completion"] = new JsonObject(), ["publishDiagnostics"] = new JsonObject() },
            },
        }), TimeSpan.FromMinutes(1));
        server.Notify("initialized", new JsonObject());
        server.Notify("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = fileUri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
        });
        server.WaitFor(m => Method(m) == "$/progress" && m.GetProperty("params").GetProperty("value").GetProperty("kind").GetString() == "end",
            TimeSpan.FromMinutes(4), "end of the solution's load");

        // Its progress counted the two C# projects to the end; nothing it said names the env or a failed project.
        var said = server.Received.Where(m => Method(m) is "window/logMessage" or "window/showMessage" or "$/progress").Select(m => m.GetProperty("params").GetRawText()).ToList();
        Assert.Contains(said, p => p.Contains("(2/2)", StringComparison.Ordinal));
        Assert.DoesNotContain(said, p => p.Contains("env.proj", StringComparison.Ordinal) || p.Contains("Cannot open project", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Received, m => Method(m) is "window/logMessage" or "window/showMessage" && m.GetProperty("params").GetProperty("type").GetInt32() == 1);

        var lines = text.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("Assert.", StringComparison.Ordinal));
        var completion = server.Response(server.Request("textDocument/completion", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = fileUri },
            ["position"] = new JsonObject { ["line"] = line, ["character"] = lines[line].IndexOf("Assert.", StringComparison.Ordinal) + "Assert.".Length },
        }), TimeSpan.FromMinutes(1)).GetProperty("result");
        var items = completion.ValueKind == JsonValueKind.Array ? completion : completion.GetProperty("items");
        var labels = items.EnumerateArray().Select(i => i.GetProperty("label").GetString()).ToList();
        Assert.Contains("Equal", labels);
        Assert.Contains("Throws", labels);

        // Published once the load ended, often before the completion's answer.
        bool ForTheFile(JsonElement m) => Method(m) == "textDocument/publishDiagnostics" && m.GetProperty("params").GetProperty("uri").GetString() == fileUri;
        var published = server.Received.Where(ForTheFile).ToList();
        var diagnostics = published.Count > 0 ? published[^1] : server.WaitFor(ForTheFile, TimeSpan.FromMinutes(1), "diagnostics of the test file");
        var errors = diagnostics.GetProperty("params").GetProperty("diagnostics").EnumerateArray().Where(d => d.TryGetProperty("severity", out var s) && s.GetInt32() == 1).ToList();
        Assert.True(errors.Count == 0, string.Join('\n', errors.Select(e => e.GetRawText())));
    }

    private static string? Method(JsonElement message) => message.TryGetProperty("method", out var m) ? m.GetString() : null;

    /// <summary>
    /// The recommended layout, as cloned: env/env.proj (a .NET tool of the test feeds, locked), an app and an xunit project
    /// that use it, all.slnx with the two projects and env/env.proj as a solution file (so it shows in Solution Explorer),
    /// Directory.Solution.targets; nothing restored or built, the store empty.
    /// </summary>
    private TestEnv Repository()
    {
        var env = new TestEnv(fixture);
        env.UseMachineFeeds();
        var root = env.ProjectDir;
        File.WriteAllText(Path.Combine(root, "global.json"), $$"""{ "msbuild-sdks": { "Env.Sdk": "{{Repo.SdkVersion}}" } }""");
        Directory.CreateDirectory(Path.Combine(root, "env"));
        File.WriteAllText(Path.Combine(root, "env", "env.proj"), """
            <Project Sdk="Env.Sdk">
              <ItemGroup>
                <Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(root, "Directory.Solution.targets"), """
            <Project>
              <Import Project="Solution.targets" Sdk="Env.Sdk" />
            </Project>
            """);
        Dotnet(env, env.Environment(), "new", "console", "-o", "app", "-n", "App");
        Dotnet(env, env.Environment(), "new", "xunit", "-o", "tests", "-n", "Tests");
        foreach (var project in new[] { Path.Combine(root, "app", "App.csproj"), Path.Combine(root, "tests", "Tests.csproj") })
            File.WriteAllText(project, File.ReadAllText(project).Replace("<Project Sdk=\"Microsoft.NET.Sdk\">", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <Sdk Name=\"Env.Sdk\" />"));
        File.WriteAllText(Path.Combine(root, "tests", "UnitTest1.cs"), """
            namespace Tests;

            public class UnitTest1
            {
                [Fact]
                public void Test1()
                {
                    Assert.Equal(1, 1);
                }
            }

            """);
        Dotnet(env, env.Environment(), "new", "sln", "-n", "all", "--format", "slnx");
        Dotnet(env, env.Environment(), "sln", "all.slnx", "add", "app/App.csproj", "tests/Tests.csproj");
        var solution = Path.Combine(root, "all.slnx");
        File.WriteAllText(solution, File.ReadAllText(solution).Replace("<Solution>", "<Solution>\n  <Folder Name=\"/env/\">\n    <File Path=\"env/env.proj\" />\n  </Folder>"));

        // The lock is committed; the rest is not in a clone.
        Dotnet(env, env.Environment(), "build", "env/env.proj");
        foreach (var dir in new[] { env.StoreDir, env.CacheDir, Path.Combine(root, "env", ".envsdk"), Path.Combine(root, "env", "obj") })
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        return env;
    }

    private static ProcessResult Dotnet(TestEnv env, Dictionary<string, string?> environment, params string[] args)
    {
        string[] msbuild = args[0] is "build" or "restore" ? ["-nr:false"] : [];
        var result = ProcessRunner.Run("dotnet", [.. args, .. msbuild], env.ProjectDir, environment, TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', args)}\n{result}");
        return result;
    }
}
