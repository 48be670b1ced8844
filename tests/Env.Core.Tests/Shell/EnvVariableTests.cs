using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Tests.Shell;

public sealed class EnvVariableTests
{
    private static Dictionary<string, string> Value(string value) => new() { ["Value"] = value };

    [Theory]
    [InlineData("MY_VAR")]
    [InlineData("_x1")]
    [InlineData("DOTNET_CLI_TELEMETRY_OPTOUT")]
    [InlineData("Options")] // fish's 'options' is lowercase, and fish tells case apart
    [InlineData("VERSION")]
    [InlineData("LDFLAGS")]
    public void Portable_names_are_accepted_with_any_value(string name) =>
        Assert.Equal("a 'b' $c\nd é", EnvVariable.Create(name, "a 'b' $c\nd é", "env.proj").Value);

    [Theory]
    [InlineData("1ABC", "x")]
    [InlineData("A-B", "x")]
    [InlineData("NAME\n", "x")] // '$' would match before a final newline
    [InlineData("", "x")]
    [InlineData("GOOD", "nul\0inside")]
    public void Unusable_names_and_values_are_refused(string name, string value)
    {
        var ex = Assert.Throws<EnvException>(() => EnvVariable.Create(name, value, "env.proj"));
        Assert.Equal(EnvCode.ENV0015, ex.Code);
        Assert.Equal("env.proj", ex.File);
    }

    [Theory]
    [InlineData("ENVSDK_ENV")]
    [InlineData("ENVSDK_STORE")]
    [InlineData("envsdk_x")]
    [InlineData("_ENVSDK_OLD_X")]
    [InlineData("status")]
    [InlineData("argv")]
    [InlineData("UID")]
    [InlineData("EUID")]
    [InlineData("PPID")]
    [InlineData("IFS")]
    [InlineData("PS4")]
    [InlineData("PROMPT_COMMAND")]
    [InlineData("BASH_ENV")]
    [InlineData("ENV")]
    [InlineData("SHELLOPTS")]
    [InlineData("CDPATH")]
    [InlineData("cdpath")]
    [InlineData("HOME")]
    [InlineData("LD_PRELOAD")]
    [InlineData("LD_LIBRARY_PATH")]
    [InlineData("DYLD_INSERT_LIBRARIES")]
    [InlineData("ZDOTDIR")]
    [InlineData("fish_pid")]
    [InlineData("PathExt")]
    [InlineData("errorlevel")]
    public void Names_a_shell_or_Env_Sdk_treats_specially_are_refused_with_the_reason(string name)
    {
        var ex = Assert.Throws<EnvException>(() => EnvVariable.Create(name, "x", "env.proj"));
        Assert.Equal(EnvCode.ENV0019, ex.Code);
        Assert.Contains($"'{name}'", ex.Message);
    }

    [Fact]
    public void A_value_over_the_kernel_limit_for_one_environment_string_is_refused()
    {
        // MAX_ARG_STRLEN counts "NAME=value" and the terminating NUL.
        var fits = new string('x', EnvVariable.MaxEntryBytes - "BIG=".Length - 1);
        Assert.Equal(fits, EnvVariable.Create("BIG", fits, "env.proj").Value);
        var ex = Assert.Throws<EnvException>(() => EnvVariable.Create("BIG", fits + "x", "env.proj"));
        Assert.Equal(EnvCode.ENV0021, ex.Code);
        // Counted in UTF-8 bytes, not characters.
        Assert.Equal(EnvCode.ENV0021, Assert.Throws<EnvException>(() => EnvVariable.Create("BIG", new string('é', fits.Length / 2 + 1), "env.proj")).Code);
    }

    [Fact]
    public void Duplicates_even_differing_only_in_case_are_refused()
    {
        var ex = Assert.Throws<EnvException>(() => EnvVariableParser.ParseAll([("A", Value("1")), ("B", Value("2")), ("A", Value("3"))], "env.proj"));
        Assert.Equal(EnvCode.ENV0020, ex.Code);
        Assert.Equal("env.proj", ex.File);
        Assert.Equal(EnvCode.ENV0020, Assert.Throws<EnvException>(() => EnvVariableParser.ParseAll([("Foo", Value("1")), ("FOO", Value("2"))], "env.proj")).Code);
    }

    [Fact]
    public void Items_are_parsed_with_their_value_and_unknown_metadata_is_refused()
    {
        var parsed = EnvVariableParser.ParseAll([("A", Value("1")), ("B", new Dictionary<string, string>())], "env.proj");
        Assert.Equal([new EnvVariable("A", "1"), new EnvVariable("B", "")], parsed);
        var ex = Assert.Throws<EnvException>(() => EnvVariableParser.ParseAll([("A", new Dictionary<string, string> { ["Valeu"] = "1" })], "env.proj"));
        Assert.Equal(EnvCode.ENV0016, ex.Code);
    }
}
