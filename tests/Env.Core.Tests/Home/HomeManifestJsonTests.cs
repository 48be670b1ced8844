using Env.Core.Diagnostics;
using Env.Core.Home;
using Env.Core.Shell;

namespace Env.Core.Tests.Home;

/// <summary>A home generation's manifest.json shares env.json's "variables" reader and writer (EnvVariablesJson).</summary>
public sealed class HomeManifestJsonTests
{
    private static HomeManifest Manifest(params EnvVariable[] variables) => new()
    {
        Name = "home",
        Profile = "/store/0123456789abcdfghijklmnpqrsvwxyz-p",
        Variables = variables,
        Files = [],
        Activations = [],
    };

    [Fact]
    public void Variables_round_trip_every_operation_and_an_empty_value_as_env_json_does()
    {
        var manifest = Manifest(new EnvVariable("EMPTY", ""), new EnvVariable("P", "/a", EnvVarOp.Prepend), new EnvVariable("U", "", EnvVarOp.Unset), new EnvVariable("Q", "é \"x\""));
        var read = HomeManifest.Parse(manifest.ToJson(), "/m.json");
        Assert.Equal(manifest.Variables, read.Variables);
        Assert.Equal(manifest.ToJson(), read.ToJson());
    }

    [Theory]
    [InlineData("{ \"generatedBy\": \"Env.Sdk\", \"kind\": \"home\", \"format\": 1, \"name\": \"h\", \"profile\": \"/p\", \"variables\": {}, \"files\": [], \"activations\": [] }")]
    [InlineData("{ \"generatedBy\": \"Env.Sdk\", \"kind\": \"home\", \"format\": 1, \"name\": \"h\", \"profile\": \"/p\", \"variables\": [1], \"files\": [], \"activations\": [] }")]
    [InlineData("{ \"generatedBy\": \"Env.Sdk\", \"kind\": \"home\", \"format\": 1, \"name\": \"h\", \"profile\": \"/p\", \"variables\": [{ \"name\": \"A\", \"op\": \"set\" }], \"files\": [], \"activations\": [] }")]
    [InlineData("{ \"generatedBy\": \"Env.Sdk\", \"kind\": \"home\", \"format\": 1, \"name\": \"h\", \"profile\": \"/p\", \"variables\": [{ \"name\": \"A\", \"op\": \"zap\", \"value\": \"1\" }], \"files\": [], \"activations\": [] }")]
    [InlineData("{ \"generatedBy\": \"Env.Sdk\", \"kind\": \"home\", \"format\": \"1\", \"name\": \"h\", \"profile\": \"/p\", \"variables\": [], \"files\": [], \"activations\": [] }")]
    [InlineData("{ \"generatedBy\": \"Env.Sdk\", \"kind\": \"home\", \"format\": 1, \"name\": \"\", \"profile\": \"/p\", \"variables\": [], \"files\": [], \"activations\": [] }")]
    public void Malformed_variables_are_the_manifest_s_own_code(string json)
    {
        var ex = Assert.Throws<EnvException>(() => HomeManifest.Parse(System.Text.Encoding.UTF8.GetBytes(json), "/m.json"));
        Assert.Equal(EnvCode.ENV0910, ex.Code);
    }
}
