using System.Text;
using System.Text.Json;
using Env.Core.Adoption;
using Env.Core.Diagnostics;

namespace Env.Core.Tests.Adoption;

public sealed class GlobalJsonPinTests
{
    [Fact]
    public void The_pin_is_added_beside_the_sdk_and_test_keys_and_every_other_byte_stays()
    {
        const string before = """
            {
              // the repository's SDK
              "sdk": { "version": "10.0.100", "rollForward": "latestFeature" },
              "test": { "runner": "Microsoft.Testing.Platform" }
            }

            """;
        var result = GlobalJsonPin.Add("global.json", Encoding.UTF8.GetBytes(before), "0.1.0");
        Assert.Equal("""
            {
              "msbuild-sdks": {
                "Env.Sdk": "0.1.0"
              },
              // the repository's SDK
              "sdk": { "version": "10.0.100", "rollForward": "latestFeature" },
              "test": { "runner": "Microsoft.Testing.Platform" }
            }

            """, result.Text);
        Assert.Equal("0.1.0", result.PinnedVersion);
    }

    [Fact]
    public void An_msbuild_sdks_object_gets_one_more_entry_and_an_existing_pin_is_kept_as_the_repository_chose()
    {
        var added = GlobalJsonPin.Add("g", Encoding.UTF8.GetBytes("{\n    \"msbuild-sdks\": {\n        \"Microsoft.Build.NoTargets\": \"3.7.0\"\n    }\n}\n"), "0.1.0");
        using var doc = JsonDocument.Parse(added.Text!);
        Assert.Equal("3.7.0", doc.RootElement.GetProperty("msbuild-sdks").GetProperty("Microsoft.Build.NoTargets").GetString());
        Assert.Equal("0.1.0", doc.RootElement.GetProperty("msbuild-sdks").GetProperty("Env.Sdk").GetString());
        Assert.Contains("        \"Env.Sdk\": \"0.1.0\",\n", added.Text);

        var kept = GlobalJsonPin.Add("g", Encoding.UTF8.GetBytes(added.Text!.Replace("0.1.0", "0.0.9")), "0.1.0");
        Assert.Null(kept.Text);
        Assert.Equal("0.0.9", kept.PinnedVersion);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("{\"msbuild-sdks\": {}}")]
    public void A_missing_or_empty_file_gets_a_valid_pin(string? before)
    {
        var result = GlobalJsonPin.Add("g", before is null ? null : Encoding.UTF8.GetBytes(before), "0.1.0");
        using var doc = JsonDocument.Parse(result.Text!);
        Assert.Equal("0.1.0", doc.RootElement.GetProperty("msbuild-sdks").GetProperty("Env.Sdk").GetString());
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("{\"sdk\": ")]
    [InlineData("not json")]
    public void What_is_not_a_json_object_is_refused_naming_the_file(string before)
    {
        var error = Assert.Throws<EnvException>(() => GlobalJsonPin.Add("/r/global.json", Encoding.UTF8.GetBytes(before), "0.1.0"));
        Assert.Equal(EnvCode.ENV0790, error.Code);
        Assert.Contains("/r/global.json", error.Message);
    }
}
