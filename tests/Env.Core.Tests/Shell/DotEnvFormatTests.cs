using System.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Tests.Shell;

/// <summary>
/// .envsdk/.env: every value the writer emits is read back as the same text by ports of the three readers it is for
/// and by a real bash (<c>set -a; . .env</c>); what no form can carry is left out with a comment, never misread.
/// </summary>
public sealed class DotEnvFormatTests
{
    private static readonly string[] ValueList =
    [
        "", "plain", "with spaces", "  padded  ", "a#b", "a #not a comment", "$HOME", "${HOME}", "$$x", "`date`", "it's",
        "say \"hi\"", "back\\slash", "ünïcødé ✓", "tab\there", "multi\nline", "it's\nmulti", "=equals=", "a'b", "'",
        "C:\\Users\\me\\tools", "semi;colon:colon", "*glob?", "!bang", "%PATH%",
    ];

    public static TheoryData<string> Values() => new(ValueList);

    [Theory]
    [MemberData(nameof(Values))]
    public void Every_value_written_reads_back_the_same_in_each_reader(string value)
    {
        var file = DotEnvFormat.Generate(new ShellActivation("/p/env.proj", ["/p/.envsdk/profile/bin"], [new EnvVariable("V", value)]), new Dictionary<string, string> { ["PATH"] = "/usr/bin" });
        Assert.NotNull(DotEnvFormat.Quote(value));
        Assert.Equal(value, DotEnvReaders.CSharpDebugger(file)["V"]);
        Assert.Equal(value, DotEnvReaders.Compose(file)["V"]);
        Assert.Equal(value, DotEnvReaders.EnvFile(file)["V"]);
        Assert.Equal("/p/.envsdk/profile/bin:/usr/bin", DotEnvReaders.Compose(file)["PATH"]);
    }

    [Theory]
    [InlineData("C:\\new\\dir")]
    [InlineData("say \\\"hi\\\"")]
    public void EnvFile_alone_turns_backslash_n_and_backslash_quote_into_other_text(string value)
    {
        // The documented loss: EnvFile unescapes these even inside single quotes; the other readers keep them.
        var file = DotEnvFormat.Generate(new ShellActivation("/p/env.proj", [], [new EnvVariable("V", value)]), new Dictionary<string, string>());
        Assert.Equal(value, DotEnvReaders.CSharpDebugger(file)["V"]);
        Assert.Equal(value, DotEnvReaders.Compose(file)["V"]);
        Assert.NotEqual(value, DotEnvReaders.EnvFile(file)["V"]);
    }

    [Theory]
    [InlineData("it's $5")]
    [InlineData("it's \"x\"")]
    [InlineData("line\r\nbreak")]
    [InlineData("ends in \\")]
    [InlineData("sep\u2028arator")]
    [InlineData("multi\nline $X")]
    public void A_value_no_form_carries_is_left_out_with_a_comment(string value)
    {
        Assert.Null(DotEnvFormat.Quote(value));
        var file = DotEnvFormat.Generate(new ShellActivation("/p/env.proj", [], [new EnvVariable("V", value), new EnvVariable("W", "w")]), new Dictionary<string, string>());
        Assert.Contains("# V is left out", file);
        foreach (var read in new[] { DotEnvReaders.CSharpDebugger(file), DotEnvReaders.Compose(file), DotEnvReaders.EnvFile(file) })
        {
            Assert.False(read.ContainsKey("V"));
            Assert.Equal("w", read["W"]);
        }
    }

    [Fact]
    public void Path_and_added_lists_are_final_values_against_the_build_environment_and_unset_is_a_comment()
    {
        var activation = new ShellActivation("/p/env.proj", ["/p/.envsdk/profile/bin"],
        [
            new EnvVariable("MANPATH", "/p/man", EnvVarOp.Prepend), new EnvVariable("MANPATH", "/z/man", EnvVarOp.Append),
            new EnvVariable("PKG_CONFIG_PATH", "/p/pc", EnvVarOp.Prepend), new EnvVariable("GOFLAGS", "", EnvVarOp.Unset),
        ]);
        // A build run from an activated shell: the profile is on PATH once, not twice.
        var current = new Dictionary<string, string> { ["PATH"] = "/p/.envsdk/profile/bin:/usr/bin::/bin", ["MANPATH"] = "/usr/share/man", ["SECRET"] = "hunter2" };
        var file = DotEnvFormat.Generate(activation, current);
        Assert.StartsWith(ShellFolder.ActivateMarker + " from /p/env.proj", file);
        var read = DotEnvReaders.Compose(file);
        Assert.Equal("/p/.envsdk/profile/bin:/usr/bin:/bin", read["PATH"]);
        Assert.Equal("/p/man:/usr/share/man:/z/man", read["MANPATH"]);
        Assert.Equal("/p/pc", read["PKG_CONFIG_PATH"]);
        Assert.False(read.ContainsKey("GOFLAGS"));
        Assert.Contains("# GOFLAGS is unset by the env", file);
        Assert.DoesNotContain("hunter2", file);
        Assert.Equal(["PATH", "MANPATH", "PKG_CONFIG_PATH"], read.Keys);
    }

    [Fact]
    public void A_project_path_with_a_line_break_stays_inside_the_comment()
    {
        var file = DotEnvFormat.Generate(new ShellActivation("/p\nEVIL=1/env.proj", [], []), new Dictionary<string, string>());
        Assert.False(DotEnvReaders.Compose(file).ContainsKey("EVIL"));
        Assert.False(DotEnvReaders.CSharpDebugger(file).ContainsKey("EVIL"));
        Assert.False(DotEnvReaders.EnvFile(file).ContainsKey("EVIL"));
    }

    [Fact]
    public void Bash_sourcing_the_file_with_set_a_sees_every_single_line_value()
    {
        using var tmp = new TempDir();
        var values = ValueList.Where(v => !v.Contains('\n')).ToList();
        var variables = values.Select((v, i) => new EnvVariable("V" + i, v)).ToList();
        var file = tmp.Combine(".env");
        File.WriteAllText(file, DotEnvFormat.Generate(new ShellActivation("/p/env.proj", ["/p/bin"], variables), new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }));
        var script = "set -a; . \"$1\"; set +a; " + string.Join(" ", values.Select((_, i) => $"printf '%s\\0' \"$V{i}\";"));
        var psi = new ProcessStartInfo("bash", (string[])["--norc", "--noprofile", "-c", script, "bash", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, error);
        Assert.Equal(values, output.Split('\0')[..^1]);
    }
}
