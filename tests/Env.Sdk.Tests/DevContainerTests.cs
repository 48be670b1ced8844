using System.Text.Json;

namespace Env.Sdk.Tests;

/// <summary>
/// <c>dotnet env devcontainer</c>, read back by the dev containers reference CLI (<c>@devcontainers/cli</c>, installed
/// by .ci/run into artifacts/npm): <c>devcontainer read-configuration</c> parses the file as VS Code and Codespaces do.
/// It asks docker for running containers first; with no docker here, <c>--docker-path /bin/true</c> answers "none".
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class DevContainerTests(SdkFixture fixture)
{
    [Fact]
    public void The_file_names_the_image_or_builds_the_env_on_a_base_keeps_the_recommended_extensions_and_never_overwrites_yours()
    {
        using var env = new TestEnv(fixture);
        var root = env.ProjectDir;
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        Directory.CreateDirectory(Path.Combine(root, "env"));
        env.WriteProject("");
        File.Move(env.ProjectFile, Path.Combine(root, "env", "env.proj"), overwrite: false);
        Directory.CreateDirectory(Path.Combine(root, ".vscode"));
        File.WriteAllText(Path.Combine(root, ".vscode", "extensions.json"), """
            {
              // what the team uses
              "recommendations": ["ms-dotnettools.csdevkit", "editorconfig.editorconfig", "not an id; rm -rf /",],
            }
            """);

        var withImage = env.DotnetEnv(["devcontainer", "--image", "registry.example.com/team/repo-env:1.0"], Path.Combine(root, "env"));
        Assert.True(withImage.ExitCode == 0, withImage.ToString());
        var config = ReadConfiguration(root);
        Assert.Equal("registry.example.com/team/repo-env:1.0", config.GetProperty("image").GetString());
        Assert.Equal(["ms-dotnettools.csdevkit", "editorconfig.editorconfig"],
            config.GetProperty("customizations").GetProperty("vscode").GetProperty("extensions").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.False(config.TryGetProperty("postCreateCommand", out _));
        Assert.False(config.GetProperty("customizations").GetProperty("vscode").TryGetProperty("settings", out _));

        // Ours is rewritten: now on a base image, building env/ when the container is created.
        var onBase = env.DotnetEnv(["devcontainer", "--base-image", "registry.example.com/dotnet/sdk:10.0"], root);
        Assert.True(onBase.ExitCode == 0, onBase.ToString());
        config = ReadConfiguration(root);
        Assert.Equal("registry.example.com/dotnet/sdk:10.0", config.GetProperty("image").GetString());
        Assert.Equal("dotnet tool restore && dotnet env build env && printf '%s\\n' 'eval \"$(dotnet env hook bash)\"' >> ~/.bashrc",
            config.GetProperty("postCreateCommand").GetString());
        Assert.Equal("bash", config.GetProperty("customizations").GetProperty("vscode").GetProperty("settings").GetProperty("terminal.integrated.defaultProfile.linux").GetString());

        // Neither or both: ENV0797. A file of the user's: ENV0796, untouched.
        Assert.Contains("ENV0797", env.DotnetEnv(["devcontainer"], root).Stderr);
        var file = Path.Combine(root, ".devcontainer", "devcontainer.json");
        File.WriteAllText(file, "{ \"name\": \"mine\" }\n");
        var refused = env.DotnetEnv(["devcontainer", "--image", "x"], root);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("ENV0796", refused.Stderr);
        Assert.Equal("{ \"name\": \"mine\" }\n", File.ReadAllText(file));
    }

    private static JsonElement ReadConfiguration(string root)
    {
        var cli = Path.Combine(Repo.Root, "artifacts", "npm", "node_modules", ".bin", "devcontainer");
        Assert.True(File.Exists(cli), $"{cli} is missing: .ci/run installs @devcontainers/cli there (npm install --prefix artifacts/npm @devcontainers/cli).");
        var result = ProcessRunner.RunSplit(cli, ["read-configuration", "--workspace-folder", root, "--docker-path", "/bin/true"], root, new Dictionary<string, string?>());
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.GetProperty("configuration").Clone();
    }
}
