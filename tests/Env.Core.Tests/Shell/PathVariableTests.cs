using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Tests.Shell;

/// <summary>EnvVar PATH: entries only, each one literal folder, in one order in every output that composes PATH.</summary>
public sealed class PathVariableTests
{
    private static (string, IReadOnlyDictionary<string, string>) Item(string name, string key, string value) =>
        (name, new Dictionary<string, string> { [key] = value });

    private static EnvException Refusal(params (string, IReadOnlyDictionary<string, string>)[] items) =>
        Assert.Throws<EnvException>(() => EnvVariableParser.ParseAll(items, "env.proj", "/p"));

    [Fact]
    public void Relative_entries_are_taken_from_the_projects_folder_and_order_is_kept()
    {
        var parsed = EnvVariableParser.ParseAll([Item("PATH", "Append", "z"), Item("PATH", "Prepend", "/a b/bin"), Item("PATH", "Prepend", "tools/bin")], "env.proj", "/p");
        var activation = new ShellActivation("/p/env.proj", ["/p/.envsdk/profile/bin"], parsed);
        Assert.Equal(["/p/.envsdk/profile/bin", "/a b/bin", "/p/tools/bin"], activation.PathFirst);
        Assert.Equal(["/p/z"], activation.PathLast);
        Assert.Empty(activation.Changes);
    }

    [Theory]
    [InlineData("Value", "/x", EnvCode.ENV0027)]
    [InlineData("Unset", "true", EnvCode.ENV0027)]
    [InlineData("Prepend", "/a:/b", EnvCode.ENV0028)]
    [InlineData("Prepend", "/a;/b", EnvCode.ENV0028)]
    [InlineData("Append", "/a\nb", EnvCode.ENV0028)]
    [InlineData("Append", "/a$(id)", EnvCode.ENV0028)]
    [InlineData("Append", "/a${HOME}", EnvCode.ENV0028)]
    [InlineData("Append", "/a`id`", EnvCode.ENV0028)]
    [InlineData("Append", "~/bin", EnvCode.ENV0028)]
    [InlineData("Append", "", EnvCode.ENV0024)]
    public void What_is_no_entry_is_refused_with_its_code(string form, string value, EnvCode code)
    {
        var ex = Refusal(Item("PATH", form, value));
        Assert.Equal(code, ex.Code);
        Assert.Equal("env.proj", ex.File);
    }

    [Fact]
    public void Another_spelling_of_PATH_is_refused_and_the_message_says_to_use_Prepend_or_Append()
    {
        var ex = Refusal(Item("Path", "Prepend", "/x"));
        Assert.Equal(EnvCode.ENV0027, ex.Code);
        Assert.Contains("Prepend", Refusal(Item("PATH", "Value", "/x")).Message);
    }

    [Fact]
    public void A_relative_entry_read_back_from_env_json_is_refused()
    {
        var json = """{ "format": 2, "project": "/p", "path": [], "variables": [ { "name": "PATH", "op": "prepend", "value": "bin" } ] }""";
        Assert.Equal(EnvCode.ENV0028, Assert.Throws<EnvException>(() => ShellActivation.FromEnvJson(json, "env.json")).Code);
    }

    [Fact]
    public void Every_output_puts_the_tools_then_Prepend_then_the_inherited_PATH_then_Append()
    {
        var variables = new List<EnvVariable> { new("PATH", "/pre", EnvVarOp.Prepend), new("PATH", "/post", EnvVarOp.Append), new("X", "1") };
        var activation = new ShellActivation("/p/env.proj", ["/p/bin"], variables);
        var applied = ActivatedEnvironment.Apply(activation.PathEntries, variables, new Dictionary<string, string> { ["PATH"] = "/usr/bin" });
        Assert.Equal("/p/bin:/pre:/usr/bin:/post", applied["PATH"]);
        Assert.Equal("1", applied["X"]);
        Assert.Equal("/p/bin:/pre:/post", ActivatedEnvironment.Apply(activation.PathEntries, variables, new Dictionary<string, string>())["PATH"]);
        Assert.Contains("PATH='/p/bin:/pre:/usr/bin:/post'", DotEnvFormat.Generate(activation, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/pre" }));
        var vscode = Env.Core.Ide.VsCodeTerminalEnv.Entries(activation, "/p", out _).Single(e => e.Name == "PATH");
        Assert.Equal("${workspaceFolder}/bin:/pre:${env:PATH}:/post", vscode.Value);
        Assert.Contains("PATH='/p/bin':'/pre'${PATH:+:$PATH}:'/post'; export PATH", PosixActivateScript.Generate(activation));
        Assert.Contains("set -gx PATH '/p/bin' '/pre' $PATH '/post'", FishActivateScript.Generate(activation));
        Assert.DoesNotContain("_ENVSDK_OLD_PATH_", PosixActivateScript.Generate(activation));
    }
}
