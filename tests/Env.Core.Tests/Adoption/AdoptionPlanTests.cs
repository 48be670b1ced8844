using Env.Core.Adoption;
using Env.Core.Diagnostics;

namespace Env.Core.Tests.Adoption;

public sealed class AdoptionPlanTests
{
    private const string Manifest = """
        {
          "version": 1,
          "isRoot": true,
          "tools": {
            "csharpier": { "version": "1.3.0", "commands": [ "csharpier" ], "rollForward": false },
            "docfx": { "version": "2.78.3", "commands": [ "docfx" ] }
          }
        }
        """;

    [Fact]
    public void A_repository_with_a_tool_manifest_gets_env_env_proj_the_pin_gitignore_lines_and_the_solution_hook()
    {
        using var repo = new TempDir();
        Directory.CreateDirectory(repo.Combine(".config"));
        File.WriteAllText(repo.Combine(".config", "dotnet-tools.json"), Manifest);
        File.WriteAllText(repo.Combine("Lib.slnx"), "<Solution>\n  <Project Path=\"src/Lib/Lib.csproj\" />\n</Solution>\n");
        File.WriteAllText(repo.Combine(".gitignore"), "[Bb]in/\n");

        var plan = AdoptionPlan.Make(repo.Path, "0.1.0", source: null);
        Assert.Equal(repo.Combine("env", "env.proj"), plan.EnvProject);
        Assert.Equal(["csharpier 1.3.0", "docfx 2.78.3"], plan.Tools.Select(t => $"{t.PackageId} {t.Version}"));
        Assert.Equal([repo.Combine("env", "env.proj"), repo.Combine("global.json"), repo.Combine(".gitignore"), repo.Combine("Directory.Solution.targets")], plan.Files.Select(f => f.Path));
        Assert.Equal("<Project>\n  <Import Project=\"Solution.targets\" Sdk=\"Env.Sdk\" />\n</Project>\n", plan.Files[3].After);
        Assert.Contains("<Tool Include=\"docfx\" Version=\"2.78.3\" />", plan.Files[0].After);
        Assert.Equal("[Bb]in/\n# Env.Sdk (dotnet env init): the env's build output\n/env/obj/\n", plan.Files[2].After);

        plan.Write();
        // The solution itself is never changed: env.proj stays out of it.
        Assert.Equal("<Solution>\n  <Project Path=\"src/Lib/Lib.csproj\" />\n</Solution>\n", File.ReadAllText(repo.Combine("Lib.slnx")));
        var again = AdoptionPlan.Make(repo.Path, "0.1.0", source: null);
        Assert.True(again.ChangesNothing);
        Assert.True(again.EnvExists);

        plan.Undo();
        Assert.False(Directory.Exists(repo.Combine("env")));
        Assert.False(File.Exists(repo.Combine("global.json")));
        Assert.Equal("[Bb]in/\n", File.ReadAllText(repo.Combine(".gitignore")));
        Assert.False(File.Exists(repo.Combine("Directory.Solution.targets")));
    }

    [Fact]
    public void The_root_manifest_of_dotnet_10_is_read_and_a_bad_entry_or_a_linked_file_is_refused_before_anything_is_written()
    {
        using var repo = new TempDir();
        File.WriteAllText(repo.Combine("dotnet-tools.json"), Manifest);
        Assert.Equal(2, AdoptionPlan.Make(repo.Path, "0.1.0", null).Tools.Count);

        File.WriteAllText(repo.Combine("dotnet-tools.json"), Manifest.Replace("2.78.3", "latest"));
        Assert.Equal(EnvCode.ENV0791, Assert.Throws<EnvException>(() => AdoptionPlan.Make(repo.Path, "0.1.0", null)).Code);

        File.WriteAllText(repo.Combine("dotnet-tools.json"), Manifest);
        File.WriteAllText(repo.Combine("elsewhere.json"), "{}");
        File.CreateSymbolicLink(repo.Combine("global.json"), repo.Combine("elsewhere.json"));
        var error = Assert.Throws<EnvException>(() => AdoptionPlan.Make(repo.Path, "0.1.0", null));
        Assert.Equal(EnvCode.ENV0790, error.Code);
        Assert.Contains("global.json", error.Message);
        Assert.False(Directory.Exists(repo.Combine("env")));
        Assert.Equal("{}", File.ReadAllText(repo.Combine("elsewhere.json")));
    }

    [Fact]
    public void An_env_proj_at_the_root_is_the_repository_s_env_and_is_not_replaced()
    {
        using var repo = new TempDir();
        File.WriteAllText(repo.Combine("env.proj"), "<Project Sdk=\"Env.Sdk\" />");
        var plan = AdoptionPlan.Make(repo.Path, "0.1.0", null);
        Assert.True(plan.EnvExists);
        Assert.Equal(repo.Combine("env.proj"), plan.EnvProject);
        Assert.DoesNotContain(plan.Files, f => f.Path.EndsWith("env.proj"));
        Assert.DoesNotContain(plan.Files, f => f.Path.EndsWith(".gitignore"));
    }
}
