using Env.Core.Diagnostics;
using Env.Core.Model;
using Env.Core.Nix;
using Env.Core.Tools;

namespace Env.Core.Tests.Model;

public sealed class ToolSpecParserTests
{
    private const string Sri = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";

    private static ToolSpec Parse(string name, params (string Key, string Value)[] metadata) =>
        ToolSpecParser.Parse(name, metadata.ToDictionary(m => m.Key, m => m.Value), "/repo/env.proj");

    private static EnvException Refused(EnvCode code, string name, params (string, string)[] metadata)
    {
        var ex = Assert.Throws<EnvException>(() => Parse(name, metadata));
        Assert.Equal(code, ex.Code);
        Assert.Equal("/repo/env.proj", ex.File);
        return ex;
    }

    [Fact]
    public void An_archive_item_is_parsed_with_its_defaults()
    {
        var spec = Parse("rg", ("Version", "14.1.1"), ("Url", "https://example.org/rg.tar.gz"), ("Hash", Sri), ("Bin", " bin/rg ; doc/x "));
        Assert.True(spec.IsArchive);
        Assert.Equal(ContentHash.Parse(Sri), spec.Hash);
        Assert.Equal(["bin/rg", "doc/x"], spec.Bin);
        Assert.True(spec.StripRoot);
        Assert.False(spec.Executable);
        Assert.Equal("any", spec.LockRid);
    }

    [Fact]
    public void A_package_item_defaults_its_package_id_to_the_item_name()
    {
        var spec = Parse("csharpier", ("Version", "1.*"), ("Rid", "linux-x64"));
        Assert.False(spec.IsArchive);
        Assert.Equal("csharpier", spec.PackageId);
        Assert.Equal("linux-x64", spec.LockRid);
    }

    [Fact]
    public void Hex_hashes_are_accepted_as_well_as_SRI()
    {
        var spec = Parse("t", ("Version", "1"), ("Url", "https://x.test/t.zip"), ("Hash", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        Assert.Equal(Sri, spec.Hash!.Value.ToSri());
    }

    [Fact]
    public void Metadata_names_are_case_insensitive()
    {
        var spec = Parse("t", ("version", "1"), ("URL", "https://x.test/t.tgz"), ("hash", Sri), ("stripRoot", "false"));
        Assert.False(spec.StripRoot);
    }

    [Fact]
    public void Unknown_metadata_is_refused_with_the_nearest_known_name()
    {
        var ex = Refused(EnvCode.ENV0002, "t", ("Version", "1"), ("Hahs", Sri));
        Assert.Contains("did you mean 'Hash'", ex.Message);
    }

    [Theory]
    [InlineData(".hidden")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("a?b")]
    public void Names_a_store_path_cannot_hold_are_refused(string name) =>
        Refused(EnvCode.ENV0001, name, ("Version", "1"));

    [Fact]
    public void Refusals_name_the_problem()
    {
        Refused(EnvCode.ENV0003, "t", ("Version", "1"), ("Url", "not a url"), ("Hash", Sri));
        Refused(EnvCode.ENV0004, "t", ("Version", "1"), ("Url", "https://x.test/t.zip"), ("Hash", "md5-abc"));
        Refused(EnvCode.ENV0009, "t", ("Version", "1"), ("Url", "https://x.test/t.zip"), ("Hash", Sri), ("Package", "T"));
        Refused(EnvCode.ENV0010, "t", ("Url", "https://x.test/t.zip"), ("Hash", Sri));
        Refused(EnvCode.ENV0010, "t");
        Refused(EnvCode.ENV0011, "t", ("Version", "1"), ("Hash", Sri));
        Refused(EnvCode.ENV0011, "t", ("Version", "1"), ("Executable", "true"));
        Refused(EnvCode.ENV0012, "t", ("Version", "1"), ("Bin", "../outside"));
        Refused(EnvCode.ENV0012, "t", ("Version", "1"), ("Bin", "/abs/path"));
        Refused(EnvCode.ENV0013, "t", ("Version", "1"), ("Url", "https://x.test/t.zip"), ("Hash", Sri), ("StripRoot", "yes"));
        Refused(EnvCode.ENV0103, "t", ("Version", "1"), ("Url", "ftp://x.test/t.zip"), ("Hash", Sri));
        Refused(EnvCode.ENV0207, "t", ("Version", "1"), ("Url", "https://x.test/t.rar"), ("Hash", Sri));
    }

    [Fact]
    public void An_executable_url_needs_no_archive_extension()
    {
        var spec = Parse("jq", ("Version", "1.7"), ("Url", "https://x.test/jq-linux-amd64"), ("Hash", Sri), ("Executable", "true"));
        Assert.True(spec.Executable);
    }

    [Theory]
    [InlineData("bin/")]
    [InlineData("bin/.")]
    [InlineData("bin/-rf")]
    [InlineData("bin\\x")]
    [InlineData("bin/x\u0007y")]
    public void A_Bin_whose_file_name_is_no_plain_command_name_is_refused(string bin) =>
        Refused(EnvCode.ENV0017, "t", ("Version", "1"), ("Bin", bin));

    [Fact]
    public void Two_Bin_paths_with_one_file_name_are_refused_not_a_crash()
    {
        var ex = Refused(EnvCode.ENV0018, "t", ("Version", "1"), ("Bin", "a/x;b/x"));
        Assert.Contains("'a/x' and 'b/x'", ex.Message);
        Refused(EnvCode.ENV0018, "t", ("Version", "1"), ("Bin", "a/Tool;b/tool"));
    }

    [Fact]
    public void An_executable_url_is_installed_under_the_tool_name_which_must_be_a_command_name() =>
        Refused(EnvCode.ENV0017, "-x", ("Version", "1"), ("Url", "https://x.test/jq"), ("Hash", Sri), ("Executable", "true"));

    [Fact]
    public void A_malformed_hash_is_explained_with_the_accepted_forms_and_an_example()
    {
        var ex = Refused(EnvCode.ENV0004, "t", ("Version", "1"), ("Url", "https://x.test/t.zip"), ("Hash", "sha256-abc"));
        Assert.Contains("Hash=\"sha256-", ex.Message);
        Assert.Contains("bare hex of 64 (sha256) or 128 (sha512)", ex.Message);
        Assert.Contains("remove Hash and build once", ex.Message);
    }

    [Fact]
    public void Optional_and_Platforms_are_read_and_absent_when_not_given()
    {
        var plain = Parse("t", ("Version", "1"));
        Assert.Null(plain.Optional);
        Assert.Null(plain.Platforms);

        var spec = Parse("t", ("Version", "1"), ("Optional", "TRUE"), ("Platforms", " linux-x64 ; osx ;; win10-x64 "));
        Assert.True(spec.Optional);
        Assert.Equal(["linux-x64", "osx", "win10-x64"], spec.Platforms);
        Assert.False(Parse("t", ("Version", "1"), ("Optional", "false")).Optional);
    }

    [Theory]
    [InlineData(";")]
    [InlineData("lnux-x64")]
    [InlineData("linux x64")]
    [InlineData("linux-x64;../x")]
    public void A_Platforms_entry_that_is_no_RID_of_a_known_OS_is_ENV0057(string platforms)
    {
        var ex = Refused(EnvCode.ENV0057, "t", ("Version", "1"), ("Platforms", platforms));
        Assert.Contains("Platforms", ex.Message);
    }

    [Fact]
    public void Optional_that_is_not_true_or_false_is_ENV0013() =>
        Refused(EnvCode.ENV0013, "t", ("Version", "1"), ("Optional", "maybe"));
}

/// <summary>The Url of a Tool item (issue 5, items 5 and 16).</summary>
public sealed class ToolUrlTests
{
    private const string Sri = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";

    private static ToolSpec Parse(string url) =>
        ToolSpecParser.Parse("t", new Dictionary<string, string> { ["Version"] = "1", ["Url"] = url, ["Hash"] = Sri }, "/repo/env.proj");

    [Theory]
    [InlineData("https://user:hunter2@host.test/t.tar.gz")]
    [InlineData("https://hunter2@host.test/t.tar.gz")]
    [InlineData("http://user:hunter2@127.0.0.1:8080/t.zip")]
    public void A_user_name_or_password_is_refused_without_repeating_it(string url)
    {
        var ex = Assert.Throws<EnvException>(() => Parse(url));
        Assert.Equal(EnvCode.ENV0030, ex.Code);
        Assert.Equal("/repo/env.proj", ex.File);
        Assert.DoesNotContain("hunter2", ex.Message);
        Assert.Contains("packageSourceCredentials", ex.Message);
    }

    [Theory]
    [InlineData("vendor/t-1.0.tar.gz", "file:///repo/vendor/t-1.0.tar.gz")]
    [InlineData("t.zip", "file:///repo/t.zip")]
    [InlineData("../shared/t.zip", "file:///shared/t.zip")]
    [InlineData("./vendor/t.tar.gz", "file:///repo/vendor/t.tar.gz")]
    public void A_relative_url_is_resolved_against_the_project_folder_and_kept_as_written(string written, string resolved)
    {
        var spec = Parse(written);
        Assert.Equal(resolved, spec.Url!.AbsoluteUri);
        Assert.True(spec.Url.IsFile);
        Assert.Equal(written, spec.UrlAsWritten);
    }

    [Fact]
    public void An_absolute_url_is_recorded_as_written()
    {
        var spec = Parse("https://host.test/a/../t.tar.gz");
        Assert.Equal("https://host.test/a/../t.tar.gz", spec.UrlAsWritten);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData(@"vendor\t.tar.gz")]
    [InlineData("file://user:hunter2@host/t.zip")]
    [InlineData("t.tar.gz?x=1")]
    public void What_is_neither_an_absolute_nor_a_plain_relative_url_is_refused(string url)
    {
        var ex = Assert.Throws<EnvException>(() => Parse(url));
        Assert.Equal(EnvCode.ENV0003, ex.Code);
        Assert.Contains("relative to the project's folder", ex.Message);
        Assert.DoesNotContain("hunter2", ex.Message);
    }
}

