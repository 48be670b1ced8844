using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Tests.Shell;

/// <summary>ShellAlias items as the parser takes or refuses them, and each shell's definition text.</summary>
public sealed class ShellAliasTests
{
    private static (string, IReadOnlyDictionary<string, string>) Item(string name, string command) =>
        (name, new Dictionary<string, string> { ["Command"] = command });

    private static EnvCode Code(params (string, IReadOnlyDictionary<string, string>)[] items) =>
        Assert.Throws<EnvException>(() => ShellAliasParser.ParseAll(items, "env.proj")).Code;

    [Fact]
    public void Items_keep_their_order()
    {
        var parsed = ShellAliasParser.ParseAll([Item("ll", "ls -la"), Item("g.s", "git status"), Item("x-1_y", "echo 'a b'")], "env.proj");
        Assert.Equal([new ShellAlias("ll", "ls -la"), new ShellAlias("g.s", "git status"), new ShellAlias("x-1_y", "echo 'a b'")], parsed);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("-x")]
    [InlineData(".x")]
    [InlineData("a/b")]
    [InlineData("a$b")]
    [InlineData("a=b")]
    [InlineData("a\n")]
    [InlineData("")]
    [InlineData("cd")]
    [InlineData("CD")]
    [InlineData("unalias")]
    [InlineData("functions")]
    [InlineData("envsdk_deactivate")]
    [InlineData("_envsdk_alias_0")]
    public void A_name_that_is_no_simple_word_or_that_a_shell_reserves_is_refused(string name) =>
        Assert.Equal(EnvCode.ENV0029, Code(Item(name, "x")));

    [Fact]
    public void Metadata_commands_and_duplicates_have_their_codes()
    {
        Assert.Equal(EnvCode.ENV0029, Code(Item(new string('a', ShellAlias.MaxNameLength + 1), "x")));
        Assert.Equal(EnvCode.ENV0032, Code(Item("ll", "")));
        Assert.Equal(EnvCode.ENV0032, Code(Item("ll", "  ")));
        Assert.Equal(EnvCode.ENV0032, Code(Item("ll", "ls\nrm -rf /")));
        Assert.Equal(EnvCode.ENV0032, Code(Item("ll", "ls\0")));
        Assert.Equal(EnvCode.ENV0032, Code(Item("ll", new string('x', ShellAlias.MaxCommandBytes + 1))));
        Assert.Equal(EnvCode.ENV0032, Code(("ll", new Dictionary<string, string> { ["Command"] = "ls", ["Comand"] = "x" })));
        Assert.Equal(EnvCode.ENV0033, Code(Item("ll", "ls"), Item("LL", "ls -l")));
    }

    [Fact]
    public void Each_shell_gets_the_command_as_one_quoted_text()
    {
        var alias = new ShellAlias("q", "echo 'it''s' \"$HOME\" `x` 100% a&b $T");
        Assert.Equal("alias q='echo '\\''it'\\'''\\''s'\\'' \"$HOME\" `x` 100% a&b $T'", AliasDefinition.Posix(alias));
        Assert.Equal("alias q 'echo \\'it\\'\\'s\\' \"$HOME\" `x` 100% a&b $T'", AliasDefinition.Fish(alias));
        Assert.Equal("Set-Item -Path Function:global:q -Value ([ScriptBlock]::Create('echo ''it''''s'' \"$HOME\" `x` 100% a&b $T' + ' @args'))", AliasDefinition.PowerShell(alias));
        Assert.Equal("doskey q=echo 'it''s' \"$$HOME\" `x` 100%% a^&b $$T $*", AliasDefinition.Doskey(alias));
    }

    [Fact]
    public void Env_json_records_the_aliases_and_holds_them_to_env_projs_rules()
    {
        var activation = new ShellActivation("/p/env.proj", ["/p/bin"], []) { Aliases = [new ShellAlias("ll", "ls -la")] };
        var manifest = new EnvManifest { Activation = activation, Name = "p", Profile = "/p", Tools = [], Inputs = [] };
        Assert.Equal(activation.Aliases, ShellActivation.FromEnvJson(manifest.ToJson(), "env.json").Aliases);
        var json = """{ "format": 2, "project": "/p", "path": [], "variables": [], "aliases": [ { "name": "cd", "command": "rm -rf /" } ] }""";
        Assert.Equal(EnvCode.ENV0029, Assert.Throws<EnvException>(() => ShellActivation.FromEnvJson(json, "env.json")).Code);
    }

    [Fact]
    public void Activate_cmd_defines_doskey_macros_and_the_undo_removes_those_it_names()
    {
        var activation = new ShellActivation("/p/env.proj", ["/p/bin"], []) { Aliases = [new ShellAlias("ll", "dir /w")] };
        var script = CmdActivateScript.Generate(activation);
        Assert.Contains("set \"_ENVSDK_ALIASES=ll\"\r\ndoskey ll=dir /w $*\r\n", script);
        Assert.Contains("for %%a in (%_ENVSDK_ALIASES%) do doskey %%a=", CmdActivateScript.Deactivate("/p/env.proj"));
    }
}
