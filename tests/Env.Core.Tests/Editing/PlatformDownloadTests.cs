using Env.Core.Diagnostics;
using Env.Core.Editing;

namespace Env.Core.Tests.Editing;

/// <summary>
/// <c>dotnet env add --url</c> on several platforms, before anything is downloaded: templates, what each placeholder
/// becomes per RID, and how URLs and RIDs pair up.
/// </summary>
public sealed class PlatformDownloadTests
{
    private const string Project = "/repo/env.proj";

    private static readonly string[] Team = ["linux-x64", "linux-arm64", "osx-arm64", "win-x64"];

    private static PlatformNames Names(string[]? os = null, string[]? arch = null, string[]? ext = null) =>
        PlatformNames.Parse(os ?? [], arch ?? [], ext ?? [], Project);

    private static IReadOnlyList<PlatformDownload> Plan(string[] urls, string[] rids, string? version = null, string[]? bin = null, PlatformNames? names = null) =>
        PlatformDownload.Plan(urls, rids, () => Team, version, bin ?? [], names ?? Names(), "linux-x64", Project);

    [Fact]
    public void By_default_the_placeholders_are_the_RIDs_own_spelling_zip_and_exe_on_Windows()
    {
        var plan = Plan(["https://example.org/{version}/tool-{os}-{arch}.{ext}"], [], "1.2.0", ["tool{exe}"]);
        Assert.Equal(Team, plan.Select(p => p.Rid));
        Assert.Equal("https://example.org/1.2.0/tool-linux-x64.tar.gz", plan[0].Url);
        Assert.Equal("https://example.org/1.2.0/tool-osx-arm64.tar.gz", plan[2].Url);
        Assert.Equal("https://example.org/1.2.0/tool-win-x64.zip", plan[3].Url);
        Assert.Equal(["tool"], plan[0].Bin);
        Assert.Equal(["tool.exe"], plan[3].Bin);
        Assert.Equal("https://example.org/x/linux-musl-x64/linux-musl/x64", Plan(["https://example.org/x/{rid}/{os}/{arch}"], ["linux-musl-x64"])[0].Url);
    }

    [Fact]
    public void Names_are_set_by_OS_or_architecture_and_a_whole_RID_wins()
    {
        // ripgrep's names: x86_64-unknown-linux-musl, aarch64-unknown-linux-gnu, aarch64-apple-darwin, x86_64-pc-windows-msvc.
        var names = Names(
            os: ["linux=unknown-linux-gnu,linux-x64=unknown-linux-musl", "osx=apple-darwin;win=pc-windows-msvc"],
            arch: ["x64=x86_64,arm64=aarch64"]);
        var plan = Plan(["https://example.org/ripgrep-14.1.1-{arch}-{os}.{ext}"], [], names: names);
        Assert.Equal(
            [
                "https://example.org/ripgrep-14.1.1-x86_64-unknown-linux-musl.tar.gz",
                "https://example.org/ripgrep-14.1.1-aarch64-unknown-linux-gnu.tar.gz",
                "https://example.org/ripgrep-14.1.1-aarch64-apple-darwin.tar.gz",
                "https://example.org/ripgrep-14.1.1-x86_64-pc-windows-msvc.zip",
            ], plan.Select(p => p.Url));

        var gh = Plan(["https://example.org/gh_{version}_{os}_{arch}.{ext}"], ["linux-x64", "osx-arm64"], "2.62.0", names: Names(os: ["osx=macOS"], arch: ["x64=amd64"], ext: ["osx=zip"]));
        Assert.Equal(["https://example.org/gh_2.62.0_linux_amd64.tar.gz", "https://example.org/gh_2.62.0_macOS_arm64.zip"], gh.Select(p => p.Url));
    }

    [Fact]
    public void A_plain_url_without_rid_is_this_machines_and_with_rids_the_same_file_for_each()
    {
        Assert.Equal([("linux-x64", "https://example.org/t-1.0.tar.gz")], Plan(["https://example.org/t-1.0.tar.gz"], []).Select(p => (p.Rid, p.Url)));
        Assert.Equal([null, "osx"], Plan(["https://example.org/t.sh"], ["any", "osx"]).Select(p => p.Rid));
    }

    [Fact]
    public void Several_urls_pair_in_order_with_as_many_rids()
    {
        var plan = Plan(["https://example.org/a.tar.gz", "https://example.org/{rid}/b.zip"], ["linux-x64", "win-x64"]);
        Assert.Equal([("linux-x64", "https://example.org/a.tar.gz"), ("win-x64", "https://example.org/win-x64/b.zip")], plan.Select(p => (p.Rid, p.Url)));

        Assert.Equal(EnvCode.ENV0736, Assert.Throws<EnvException>(() => Plan(["https://example.org/a.tar.gz", "https://example.org/b.zip"], ["linux-x64"])).Code);
        Assert.Equal(EnvCode.ENV0736, Assert.Throws<EnvException>(() => Plan(["https://example.org/{rid}.tar.gz"], ["linux-x64", "LINUX-X64"])).Code);
        Assert.Equal(EnvCode.ENV0736, Assert.Throws<EnvException>(() => Plan(["https://example.org/{rid}.tar.gz"], ["linux/x64"])).Code);
    }

    [Theory]
    [InlineData("https://example.org/{platform}.tar.gz", "'{platform}'")]
    [InlineData("https://example.org/{os.tar.gz", "not closed")]
    [InlineData("https://example.org/os}.tar.gz", "closes nothing")]
    [InlineData("https://example.org/{version}-{os}.tar.gz", "no version was given")]
    public void A_template_that_cannot_be_expanded_is_ENV0735_before_anything_is_fetched(string url, string said)
    {
        var asked = false;
        var ex = Assert.Throws<EnvException>(() => PlatformDownload.Plan([url], [], () => { asked = true; return Team; }, null, [], Names(), "linux-x64", Project));
        Assert.Equal(EnvCode.ENV0735, ex.Code);
        Assert.Contains(said, ex.Message);
        Assert.Equal(url.Contains("{version}"), asked); // the platforms are asked only for a template that parses
    }

    [Fact]
    public void A_placeholder_with_no_value_for_the_platform_is_ENV0735()
    {
        Assert.Contains("--rid any", Assert.Throws<EnvException>(() => Plan(["https://example.org/{os}.tar.gz"], ["any"])).Message);
        Assert.Contains("no arch part", Assert.Throws<EnvException>(() => Plan(["https://example.org/{arch}.tar.gz"], ["osx"])).Message);
        Assert.Equal("https://example.org/universal.tar.gz", Plan(["https://example.org/{arch}.tar.gz"], ["osx"], names: Names(arch: ["osx=universal"]))[0].Url);
    }

    [Theory]
    [InlineData("osx")]
    [InlineData("osx=dar win")]
    [InlineData("osx=a/b")]
    [InlineData("=darwin")]
    [InlineData("osx=a,osx=b")]
    public void A_names_entry_that_is_not_KEY_equals_a_piece_of_a_url_is_ENV0735(string entry) =>
        Assert.Equal(EnvCode.ENV0735, Assert.Throws<EnvException>(() => Names(os: [entry])).Code);

    [Fact]
    public void No_platform_to_expand_a_template_for_is_ENV0737() =>
        Assert.Equal(EnvCode.ENV0737, Assert.Throws<EnvException>(() =>
            PlatformDownload.Plan(["https://example.org/{rid}.tar.gz"], [], () => [], null, [], Names(), "linux-x64", Project)).Code);
}
