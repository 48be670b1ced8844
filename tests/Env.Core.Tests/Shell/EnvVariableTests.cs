using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Tests.Shell;

public sealed class EnvVariableTests
{
    [Theory]
    [InlineData("MY_VAR")]
    [InlineData("_x1")]
    public void Portable_names_are_accepted_with_any_value(string name) =>
        Assert.Equal("a 'b' $c\nd é", EnvVariable.Create(name, "a 'b' $c\nd é", "env.proj").Value);

    [Theory]
    [InlineData("1ABC", "x")]
    [InlineData("A-B", "x")]
    [InlineData("PATH", "x")]
    [InlineData("ENVSDK_ENV", "x")]
    [InlineData("_ENVSDK_OLD_X", "x")]
    [InlineData("GOOD", "nul\0inside")]
    public void Unusable_names_and_values_are_refused(string name, string value)
    {
        var ex = Assert.Throws<EnvException>(() => EnvVariable.Create(name, value, "env.proj"));
        Assert.Equal("ENV0015", ex.Code);
        Assert.Equal("env.proj", ex.File);
    }
}
