using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Tests.Shell;

/// <summary>
/// env.json's reader and writer. env.before.json was written by the Newtonsoft.Json writer this one replaced (quotes,
/// backslashes, a tab, non-ASCII and an emoji in values; every variable operation; a missing input).
/// </summary>
public sealed class EnvManifestJsonTests
{
    private static readonly string Before = RepoFile.Path("tests", "Env.Core.Tests", "Shell", "env.before.json");

    [Fact]
    public void An_env_json_the_earlier_writer_wrote_reads_back_and_is_written_again_byte_for_byte()
    {
        var bytes = File.ReadAllBytes(Before);
        var manifest = EnvManifest.Parse(bytes, Before);
        Assert.Equal(bytes, Encoding.UTF8.GetBytes(manifest.ToJson()));
        Assert.Equal("v <&> 'q' \"d\" \\ $HOME é 😀 \t tab", manifest.Variables[0].Value);
        Assert.Equal(EnvVarOp.Unset, manifest.Variables[2].Op);
        Assert.Null(manifest.Inputs[1].Sha256);
        Assert.StartsWith("{\n  \"generatedBy\": \"Env.Sdk\",\n", manifest.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"generatedBy\": \"Env.Sdk\", \"format\": 2, \"format\": 2 }")]
    [InlineData("[]")]
    [InlineData("{ \"generatedBy\": \"Env.Sdk\", \"format\": 2, \"project\": 1, \"path\": [], \"variables\": [] }")]
    [InlineData("{ \"generatedBy\": \"Env.Sdk\", \"format\": 2, \"project\": \"/p\", \"path\": [1], \"variables\": [] }")]
    [InlineData("{ \"generatedBy\": \"Env.Sdk\", \"format\": 2, \"project\": \"/p\", \"path\": [], \"variables\": [], \"tools\": [{ \"name\": \"t\", \"commands\": [1] }] }")]
    [InlineData("{ \"generatedBy\": \"Env.Sdk\", \"format\": 2, \"project\": \"/p\", \"path\": [], \"variables\": [\"x\"] }")]
    public void A_hostile_env_json_is_refused_with_ENV0614(string json)
    {
        var ex = Assert.Throws<EnvException>(() => EnvManifest.Parse(Encoding.UTF8.GetBytes(json), "/x/env.json"));
        Assert.Equal(EnvCode.ENV0614, ex.Code);
    }
}
