using System.Text;
using Env.Core.Adoption;
using Env.Core.Diagnostics;

namespace Env.Core.Tests.Adoption;

public sealed class SolutionHookTests
{
    private const string Import = "<Import Project=\"Solution.targets\" Sdk=\"Env.Sdk\" />";

    [Fact]
    public void A_repository_without_the_file_gets_one_that_only_imports_the_hook()
    {
        Assert.Equal($"<Project>\n  {Import}\n</Project>\n", SolutionHook.Add("Directory.Solution.targets", null));
    }

    [Fact]
    public void An_existing_file_keeps_every_byte_and_gets_the_import_before_its_last_closing_tag()
    {
        const string before = "\uFEFF<!-- ours -->\r\n<Project>\r\n\t<Target Name=\"X\" AfterTargets=\"Build\" />\r\n</Project>\r\n";
        var after = SolutionHook.Add("Directory.Solution.targets", Encoding.UTF8.GetBytes(before));
        Assert.Equal($"\uFEFF<!-- ours -->\r\n<Project>\r\n\t<Target Name=\"X\" AfterTargets=\"Build\" />\r\n  {Import}\r\n</Project>\r\n", after);

        // A closing tag that shares its line with the rest of the file.
        Assert.Equal($"<Project><PropertyGroup />\n  {Import}\n</Project>", SolutionHook.Add("D", "<Project><PropertyGroup /></Project>"u8.ToArray()));
    }

    [Fact]
    public void A_file_that_imports_it_already_is_left_alone_whatever_its_casing()
    {
        Assert.Null(SolutionHook.Add("D", "<Project>\n  <Import Sdk=\"env.sdk\" Project=\"solution.targets\" />\n</Project>\n"u8.ToArray()));
        // Applied twice: the second run changes nothing.
        var once = SolutionHook.Add("D", "<Project>\n</Project>\n"u8.ToArray())!;
        Assert.Null(SolutionHook.Add("D", Encoding.UTF8.GetBytes(once)));
    }

    [Theory]
    [InlineData("<Project>")]
    [InlineData("not xml")]
    [InlineData("<Solution></Solution>")]
    [InlineData("<!DOCTYPE Project [<!ENTITY x \"y\">]><Project>&x;</Project>")]
    public void What_cannot_be_read_safely_as_a_project_is_refused(string text)
    {
        var e = Assert.Throws<EnvException>(() => SolutionHook.Add("/repo/Directory.Solution.targets", Encoding.UTF8.GetBytes(text)));
        Assert.Equal(EnvCode.ENV0790, e.Code);
        Assert.Contains("/repo/Directory.Solution.targets", e.Message);
    }
}
