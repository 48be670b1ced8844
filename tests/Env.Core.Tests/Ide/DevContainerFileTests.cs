using Env.Core.Ide;

namespace Env.Core.Tests.Ide;

/// <summary>devcontainer.json's command on a base: the env's folder is the checkout's to name, so it is quoted when it is not plainly safe.</summary>
public sealed class DevContainerFileTests
{
    [Theory]
    [InlineData("env", "dotnet env build env &&")]
    [InlineData("tools/env-1.0", "dotnet env build tools/env-1.0 &&")]
    [InlineData("my env; rm -rf ~", "dotnet env build 'my env; rm -rf ~' &&")]
    [InlineData("it's $(here)", "dotnet env build 'it'\\''s $(here)' &&")]
    public void The_env_folder_reaches_the_create_command_as_one_word(string folder, string expected)
    {
        var text = DevContainerFile.Text("repo", image: null, baseImage: "registry.example.com/dotnet/sdk:10.0", folder, []);
        using var doc = System.Text.Json.JsonDocument.Parse(text[(text.IndexOf('\n') + 1)..]);
        Assert.Contains(expected, doc.RootElement.GetProperty("postCreateCommand").GetString());
    }
}
