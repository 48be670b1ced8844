using System.Text.Json;

namespace Env.Sdk.Tests;

/// <summary>
/// The SDK's extension points, as MSBuild SDKs publish theirs (docs/env-proj.md, "Extending the SDK"), through the real
/// <c>dotnet build</c> of an env.proj with no Directory.Build.props: the paired custom imports, the target lists, the
/// empty targets env.proj overrides; and what the tasks say: an item's error at its line, inputs at detailed verbosity.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class ExtensionPointTests(SdkFixture fixture)
{
    private static string ToolItem(TestEnv env)
    {
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        return $"""<Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""";
    }

    private static void WriteProject(TestEnv env, string properties, string items, string targets = "")
    {
        Directory.CreateDirectory(env.ProjectDir);
        File.WriteAllText(env.ProjectFile, $"""
            <Project Sdk="Env.Sdk/{Repo.SdkVersion}">
              <PropertyGroup>
            {properties}
              </PropertyGroup>
              <ItemGroup>
            {items}
              </ItemGroup>
            {targets}
            </Project>
            """);
    }

    private static Dictionary<string, string?> GetProperties(TestEnv env, string[] args, params string[] names)
    {
        var run = ProcessRunner.Run("dotnet", ["msbuild", env.ProjectFile, "-nr:false", .. args, .. names.Select(n => "-getProperty:" + n)], env.ProjectDir, env.Environment());
        Assert.True(run.ExitCode == 0, run.ToString());
        var text = run.Output.Trim();
        if (names.Length == 1) return new() { [names[0]] = text };
        using var json = JsonDocument.Parse(text[text.IndexOf('{')..]);
        return names.ToDictionary(n => n, n => json.RootElement.GetProperty("Properties").GetProperty(n).GetString());
    }

    [Fact]
    public void The_custom_imports_come_first_and_last_in_the_props_and_the_targets()
    {
        using var env = new TestEnv(fixture);
        Directory.CreateDirectory(env.ProjectDir);
        var ext = Path.Combine(env.Root, "ext");
        Directory.CreateDirectory(ext);
        // Before the props: env.proj's body sees it. After the props: it sees Sdk.props' machine facts.
        File.WriteAllText(Path.Combine(ext, "before.props"), "<Project><PropertyGroup><FromBeforeProps>early</FromBeforeProps></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(ext, "after.props"), "<Project><PropertyGroup><AfterPropsSaw>[$(EnvOS)]</AfterPropsSaw></PropertyGroup></Project>");
        // Before the targets: no default computed yet. After the targets: every default, and the lists to extend.
        File.WriteAllText(Path.Combine(ext, "before.targets"), "<Project><PropertyGroup><BeforeTargetsSaw>[$(EnvLockFile)]</BeforeTargetsSaw></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(ext, "after.targets"), """
            <Project>
              <PropertyGroup>
                <AfterTargetsSaw>[$(EnvLockFile)]</AfterTargetsSaw>
                <EnvBuildDependsOn>$(EnvBuildDependsOn);FromAfterTargets</EnvBuildDependsOn>
              </PropertyGroup>
              <Target Name="FromAfterTargets">
                <Message Importance="high" Text="STEP from-after-targets" />
              </Target>
            </Project>
            """);
        WriteProject(env, $"""
                <BodySaw>$(FromBeforeProps)</BodySaw>
                <CustomBeforeEnvSdkTargets>{ext}/before.targets</CustomBeforeEnvSdkTargets>
                <CustomAfterEnvSdkTargets>{ext}/after.targets</CustomAfterEnvSdkTargets>
            """, ToolItem(env));
        string[] props = [$"-p:CustomBeforeEnvSdkProps={ext}/before.props", $"-p:CustomAfterEnvSdkProps={ext}/after.props"];

        var seen = GetProperties(env, props, "BodySaw", "AfterPropsSaw", "BeforeTargetsSaw", "AfterTargetsSaw");
        Assert.Equal("early", seen["BodySaw"]);
        Assert.Equal("[linux]", seen["AfterPropsSaw"]);
        Assert.Equal("[]", seen["BeforeTargetsSaw"]);
        Assert.Equal($"[{env.ProjectDir}/env.lock.json]", seen["AfterTargetsSaw"]);

        var build = env.Build(props);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("STEP from-after-targets", build.Output);
        Assert.True(File.Exists(Path.Combine(env.ShellDir, "activate")), build.ToString());
    }

    [Fact]
    public void The_empty_targets_env_proj_overrides_and_a_step_it_adds_run_in_order_around_the_sdks_own()
    {
        using var env = new TestEnv(fixture);
        WriteProject(env, "    <EnvBuildDependsOn>$(EnvBuildDependsOn);MyStep</EnvBuildDependsOn>", ToolItem(env), """
              <Target Name="BeforeEnvRestore"><Message Importance="high" Text="STEP before-restore lock:$([System.IO.File]::Exists('$(EnvLockFile)'))" /></Target>
              <Target Name="AfterEnvRestore"><Message Importance="high" Text="STEP after-restore lock:$([System.IO.File]::Exists('$(EnvLockFile)'))" /></Target>
              <Target Name="AfterEnvGenerateShell"><Message Importance="high" Text="STEP after-generate-shell activate:$([System.IO.File]::Exists('$(EnvShellDir)activate'))" /></Target>
              <Target Name="MyStep"><Message Importance="high" Text="STEP my-step" /></Target>
            """);

        var lists = GetProperties(env, [], "EnvRestoreDependsOn", "EnvBuildDependsOn", "EnvCleanDependsOn");
        Assert.StartsWith("BeforeEnvRestore;_EnvRestore;AfterEnvRestore", lists["EnvRestoreDependsOn"]);
        Assert.StartsWith("_EnvRestoreOnBuild;_EnvRestoreAfterFailure;_EnvGenerateShell;AfterEnvGenerateShell;", lists["EnvBuildDependsOn"]);
        Assert.Contains(";MyStep", lists["EnvBuildDependsOn"]);
        Assert.Contains("_EnvCleanShell", lists["EnvCleanDependsOn"]);

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        var steps = build.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("STEP ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["STEP before-restore lock:False", "STEP after-restore lock:True", "STEP after-generate-shell activate:True", "STEP my-step"], steps);
        var report = build.Output.IndexOf("env -> ", StringComparison.Ordinal);
        Assert.True(report > build.Output.IndexOf("STEP my-step", StringComparison.Ordinal), build.ToString());
    }

    [Fact]
    public void An_error_about_an_item_names_its_line_and_column_in_env_proj()
    {
        using var env = new TestEnv(fixture);
        WriteProject(env, "", $"""
                {ToolItem(env)}
                <EnvVar Include="GREETING" Value="hi" Colour="blue" />
            """);

        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        // Line 7: the Project, the PropertyGroup (three lines), the ItemGroup, the Tool; the element's '<' at column 5, as
        // MSBuild counts its own errors about an element.
        Assert.Contains($"{env.ProjectFile}(7,5): error ENV0016: EnvVar 'GREETING' has unknown metadata 'Colour'", build.Output);
        Assert.False(File.Exists(env.LockFile));
    }

    [Fact]
    public void A_tasks_inputs_are_logged_at_detailed_verbosity_only()
    {
        using var env = new TestEnv(fixture);
        WriteProject(env, "", $"""
                {ToolItem(env)}
                <EnvVar Include="API_TOKEN" Value="s3cret-value" />
                <EnvMirror Include="http://mirror-user:m1rror-pass@127.0.0.1:9/mirror" />
            """);

        var normal = env.Build("-v:n");
        Assert.True(normal.ExitCode == 0, normal.ToString());
        Assert.DoesNotContain("EnvRestore inputs:", normal.Output);

        env.ForgetRestore();
        var detailed = env.Build("-v:d");
        Assert.True(detailed.ExitCode == 0, detailed.ToString());
        var line = detailed.Output.Split('\n').First(l => l.Contains("EnvRestore inputs:", StringComparison.Ordinal));
        Assert.Contains($"ProjectFile={env.ProjectFile};", line);
        Assert.Contains("Tools=greet;", line);
        Assert.Contains("Variables=API_TOKEN;", line);
        Assert.Contains("Update=False;", line);
        // Items by name only: an EnvVar's value may be a secret.
        Assert.DoesNotContain("s3cret-value", line);
        // A URL's credentials never: a mirror is shown redacted.
        Assert.Contains("Mirrors=http://***@127.0.0.1:9/mirror;", line);
        Assert.DoesNotContain("m1rror-pass", detailed.Output);
        Assert.Contains("EnvCheckShell inputs:", detailed.Output);
    }
}
