using Env.Core.Model;
using Env.Core.Tools;

namespace Env.Core.Tests.Tools;

/// <summary>Which tools -t:EnvUpdate asks the feeds about.</summary>
public sealed class RestoreOptionsTests
{
    [Theory]
    [InlineData("1.2.3", false)]
    [InlineData("1.2.3-beta.1", false)]
    [InlineData("1.*", true)]
    [InlineData("*", true)]
    [InlineData("[1.0,2.0)", true)]
    [InlineData("[1.0.0]", true)]
    public void An_update_asks_about_floating_versions_and_ranges_only(string version, bool asked)
    {
        var options = new RestoreOptions { Rid = "linux-x64", Update = true };
        Assert.Equal(asked, options.Updates(new ToolSpec { Name = "t", Package = "T", Version = version }));
    }

    [Fact]
    public void EnvUpdateTools_narrows_the_update_and_archives_are_never_updated()
    {
        var options = new RestoreOptions { Rid = "linux-x64", Update = true, UpdateTools = ["Paket"] };
        Assert.True(options.Updates(new ToolSpec { Name = "paket", Package = "Paket", Version = "9.*" }));
        Assert.False(options.Updates(new ToolSpec { Name = "other", Package = "Other", Version = "9.*" }));
        Assert.False(new RestoreOptions { Rid = "linux-x64" }.Updates(new ToolSpec { Name = "paket", Package = "Paket", Version = "9.*" }));
        Assert.False(new RestoreOptions { Rid = "linux-x64", Update = true }.Updates(
            new ToolSpec { Name = "rg", Version = "14", Url = new Uri("https://x.test/rg.tar.gz") }));
    }
}
