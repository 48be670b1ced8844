using Env.Core.Diagnostics;
using Env.Core.Nix;
using Env.Core.Profiles;
using Env.Core.Shell;
using Env.Core.Store;

namespace Env.Core.Tests.Shell;

/// <summary>
/// The generators' public API as <c>dotnet env print</c> uses it: any script regenerated from env.json alone, without
/// hooks; and activate.cmd's text and quoting, which no test here can run (no cmd.exe on Linux; wine is not installed).
/// </summary>
public sealed class ActivateScriptTests
{
    private static readonly ShellActivation Sample = new("/p/env.proj", ["/p/.envsdk/profile/bin"],
    [
        new EnvVariable("SETV", "a b 'c' \"d\" $x `y` \\ % ! ^ & | < > ( ) é"),
        new EnvVariable("LISTV", "/p/.envsdk/profile/share/man", EnvVarOp.Prepend),
        new EnvVariable("LISTV", "/after", EnvVarOp.Append),
        new EnvVariable("GONE", "", EnvVarOp.Unset),
    ]);

    [Fact]
    public void A_script_regenerated_from_env_json_is_the_built_one_and_print_leaves_hooks_out()
    {
        using var tmp = new TempDir();
        var shell = tmp.Combine(".envsdk");
        var hooks = ShellFamilies.All.Select(f => new ShellHook(f, $"echo HOOK-{ShellFamilies.Name(f)}")).ToList();
        DevShell.Write(shell, "/p/env.proj", Profile(tmp), Sample.Variables, hooks, out var pinned);

        // The scripts name the store entry (the allow record's env.json); the folder's env.json, for IDEs, the link.
        Assert.Equal([Path.Combine(shell, "profile", "bin")], ShellActivation.FromEnvJson(File.ReadAllText(Path.Combine(shell, "env.json")), "env.json").PathEntries);
        var fromJson = ShellActivation.FromEnvJson(pinned.ToJson(), "env.json");
        Assert.Equal(Sample.Variables, fromJson.Variables);
        Assert.Equal([Path.Combine(Profile(tmp).Path, "bin")], fromJson.PathEntries);
        foreach (var family in ShellFamilies.All)
        {
            var built = File.ReadAllText(Path.Combine(shell, ActivateScript.FileName(family)));
            Assert.Equal(built, ActivateScript.Generate(family, fromJson, hooks.Single(h => h.Family == family).Text));
            Assert.Contains($"HOOK-{ShellFamilies.Name(family)}", built);
            Assert.DoesNotContain("HOOK", ActivateScript.Generate(family, fromJson));
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "format": 1, "project": "/p", "path": [], "variables": {} }""")]
    [InlineData("""{ "format": 2, "project": "/p", "path": [], "variables": [ { "name": "X", "op": "eval", "value": "1" } ] }""")]
    [InlineData("""{ "format": 2, "project": "/p", "path": [ 1 ], "variables": [] }""")]
    [InlineData("""{ "format": 2, "project": "/p", "path": [], "variables": [ { "name": "X", "op": "set" } ] }""")]
    [InlineData("""{ "format": 2, "format": 2, "project": "/p", "path": [], "variables": [] }""")]
    public void A_malformed_env_json_is_refused(string json) =>
        Assert.Equal(EnvCode.ENV0614, Assert.Throws<EnvException>(() => ShellActivation.FromEnvJson(json, "env.json")).Code);

    [Fact]
    public void An_env_json_from_a_checkout_is_held_to_env_projs_rules()
    {
        var json = """{ "format": 2, "project": "/p", "path": [], "variables": [ { "name": "LD_PRELOAD", "op": "set", "value": "/evil.so" } ] }""";
        Assert.Equal(EnvCode.ENV0019, Assert.Throws<EnvException>(() => ShellActivation.FromEnvJson(json, "env.json")).Code);
        json = """{ "format": 2, "project": "/p", "path": [], "variables": [ { "name": "X", "op": "prepend", "value": "" } ] }""";
        Assert.Equal(EnvCode.ENV0024, Assert.Throws<EnvException>(() => ShellActivation.FromEnvJson(json, "env.json")).Code);
    }

    [Theory]
    [InlineData("X=a b", "\"X=a b\"")]
    [InlineData("X=100%", "\"X=100%%\"")]
    [InlineData("X=%PATH%", "\"X=%%PATH%%\"")]
    [InlineData("X=^&|<>()!", "\"X=^&|<>()!\"")]           // inside quotes all literal (delayed expansion is off)
    [InlineData("X=a\"b&c", "\"X=a\"b^&c\"")]              // after a lone quote, cmd reads unquoted: carets
    [InlineData("X=a\"b\"&c", "\"X=a\"b\"&c\"")]           // quoted again
    [InlineData("X=\"^(x)\"", "\"X=\"^^^(x^)\"\"")]
    public void Cmd_quoting_keeps_every_character_literal(string assignment, string quoted) =>
        Assert.Equal(quoted, ShellQuote.Cmd(assignment));

    [Fact]
    public void Cmd_quoting_refuses_a_line_break() =>
        Assert.Throws<ArgumentException>(() => ShellQuote.Cmd("X=a\nb"));

    [Fact]
    public void Activate_cmd_is_a_CRLF_batch_file_that_sets_every_form_and_refuses_what_cmd_cannot_hold()
    {
        var script = CmdActivateScript.Generate(Sample, "echo hi");
        Assert.StartsWith(CmdActivateScript.Marker + " from /p/env.proj; do not edit.\r\n", script);
        Assert.DoesNotContain("\n", script.Replace("\r\n", ""));
        // "d" closes and reopens cmd's quoting, so what follows is still quoted: only '%' is doubled.
        Assert.Contains("set \"SETV=a b 'c' \"d\" $x `y` \\ %% ! ^ & | < > ( ) é\"\r\n", script);
        Assert.Contains("set \"_ENVSDK_PRE=/p/.envsdk/profile/share/man\"\r\n", script);
        Assert.Contains("set \"_ENVSDK_POST=/after\"\r\n", script);
        Assert.Contains("set \"GONE=\"\r\n", script);
        Assert.Contains("set \"_ENVSDK_NAMES=PATH SETV LISTV GONE\"\r\n", script);
        // Values in variables are copied only through delayed expansion and a for variable, never read as code.
        Assert.Contains("for /f delims^=^ eol^= %%v in (\"!_ENVSDK_PRE!;!LISTV!;!_ENVSDK_POST!\") do endlocal & set \"LISTV=%%v\"\r\n", script);
        Assert.Contains("chcp 65001 >nul\r\n", script);
        Assert.Contains("echo hi\r\n:_envsdk_no_hook\r\n", script);
        Assert.DoesNotContain("echo hi", CmdActivateScript.Generate(Sample));
        Assert.DoesNotContain("chcp", CmdActivateScript.Generate(Sample with { Variables = [new EnvVariable("A", "ascii")] }));

        var broken = CmdActivateScript.Generate(Sample with { Variables = [new EnvVariable("ML", "two\nlines")] });
        Assert.Contains("EnvVar ML holds a line break", broken);
        Assert.Contains("exit /b 1", broken);
        Assert.DoesNotContain("set \"ML=", broken);
    }

    [Fact]
    public void Deactivate_cmd_restores_from_what_the_shell_recorded_so_it_serves_any_build()
    {
        var a = CmdActivateScript.Deactivate("/p/env.proj");
        Assert.StartsWith(CmdActivateScript.Marker, a);
        Assert.Contains("for %%n in (%_ENVSDK_NAMES%) do (", a);
        Assert.Contains("set \"ENVSDK_ENV=\"", a);
        Assert.DoesNotContain("SETV", a);
        // A comment line is still read by cmd: nothing in the project's path may act there.
        Assert.StartsWith(CmdActivateScript.Marker + " from /a_b_c_d; do not edit.", CmdActivateScript.Deactivate("/a%b^c!d"));
    }

    private static StoreEntry Profile(TempDir tmp)
    {
        var path = tmp.Combine("store", "0123456789abcdfghijklmnpqrsvwxyz-demo-profile");
        Directory.CreateDirectory(Path.Combine(path, "bin"));
        return new StoreEntry("0123456789abcdfghijklmnpqrsvwxyz-demo-profile", path, ContentHash.Parse("sha256-" + Convert.ToBase64String(new byte[32])));
    }
}
