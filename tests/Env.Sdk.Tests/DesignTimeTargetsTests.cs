using System.Text.Json;
using System.Xml.Linq;

namespace Env.Sdk.Tests;

/// <summary>
/// Every design-time target of Visual Studio's project system, run on env.proj as Visual Studio runs them: the list is
/// the SDK's own <c>DesignTime.targets</c>, read here, so a name added there is tested.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class DesignTimeTargetsTests(SdkFixture fixture)
{
    /// <summary>The one list: every target of the SDK's DesignTime.targets.</summary>
    private static IReadOnlyList<XElement> Targets()
    {
        var file = XDocument.Load(Path.Combine(Repo.Root, "src", "Sdk", "Sdk", "DesignTime.targets"));
        return file.Root!.Elements("Target").ToList();
    }

    [Fact]
    public void The_list_holds_the_project_systems_targets_and_each_is_empty()
    {
        var targets = Targets();
        var names = targets.Select(t => (string)t.Attribute("Name")!).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // Those the issue names, and the fast up-to-date check's: a file shrunk by mistake fails here.
        foreach (var name in new[]
                 {
                     "ResolveAssemblyReferencesDesignTime", "ResolveProjectReferencesDesignTime", "ResolveComReferencesDesignTime",
                     "ResolvePackageDependenciesDesignTime", "CompileDesignTime", "CollectPackageReferences", "CollectPackageDownloads",
                     "CollectFrameworkReferences", "CollectCentralPackageVersions", "CollectSuggestedWorkloads",
                     "ResolveFrameworkReferencesDesignTime", "GenerateSupportedTargetFrameworkAlias", "CollectUpToDateCheckInputDesignTime",
                     "CollectUpToDateCheckOutputDesignTime", "CollectUpToDateCheckBuiltDesignTime", "CollectAnalyzersDesignTime",
                 })
            Assert.Contains(name, names);
        // Empty: no task, no dependency (nothing that could download or write), nothing returned.
        foreach (var target in targets)
        {
            Assert.Empty(target.Elements());
            Assert.Equal(new[] { "Name" }, target.Attributes().Select(a => a.Name.LocalName));
        }
    }

    [Fact]
    public void Every_design_time_target_answers_on_an_env_never_restored_and_writes_nothing()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""");
        var names = Targets().Select(t => (string)t.Attribute("Name")!).ToList();
        var before = TestEnv.Snapshot(env.ProjectDir);

        // The global properties Visual Studio's project system sets for a design-time build.
        var result = ProcessRunner.Run("dotnet",
            ["msbuild", env.ProjectFile, "-nr:false", $"-t:{string.Join(';', names)}", $"-getTargetResult:{string.Join(',', names)}",
             "-p:DesignTimeBuild=true", "-p:BuildingInsideVisualStudio=true", "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true",
             "-p:BuildingProject=false", "-p:GenerateTargetFrameworkMonikerAttribute=false"],
            env.ProjectDir, env.Environment());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("MSB4057", result.Output);
        using var json = JsonDocument.Parse(result.Output[result.Output.IndexOf('{')..]);
        var results = json.RootElement.GetProperty("TargetResults");
        foreach (var name in names)
        {
            var target = results.GetProperty(name);
            Assert.True(target.GetProperty("Result").GetString() == "Success", $"{name}: {target}");
            Assert.Equal(0, target.GetProperty("Items").GetArrayLength());
        }

        Assert.Empty(TestEnv.StoreContents(env.StoreDir));
        Assert.False(Directory.Exists(env.ShellDir), "a design-time target wrote the shell folder");
        Assert.Equal(before, TestEnv.Snapshot(env.ProjectDir));
    }
}
