using System.Security.Cryptography;
using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Image;
using Env.Core.Tests.Fetching;

namespace Env.Core.Tests.Image;

/// <summary>
/// A base image pulled from a registry that lies: a real HTTP server on 127.0.0.1 (<see cref="RawHttpServer"/>)
/// serving an index, a manifest, a config and a layer, one of them wrong at a time. Each lie is a coded error, no
/// answer is read past its bound, and nothing unchecked is left in the download cache.
/// </summary>
public sealed class BaseImagePullTests
{
    private static readonly byte[] LayerBytes = Encoding.ASCII.GetBytes("pretend this is a gzipped tar");

    private sealed class FakeRegistry
    {
        public Dictionary<string, (string Type, byte[] Bytes)> Paths { get; } = new(StringComparer.Ordinal);

        public string IndexDigest { get; }

        public string LayerDigest { get; }

        /// <param name="copies">How many times the manifest lists the layer; <paramref name="claimedSize"/> the size it says each has.</param>
        public FakeRegistry(string architecture = "amd64", string configArchitecture = "amd64", string layerType = "application/vnd.oci.image.layer.v1.tar+gzip", int copies = 1, long? claimedSize = null)
        {
            LayerDigest = Add("blobs", "application/octet-stream", LayerBytes);
            var config = Add("blobs", "application/octet-stream", Encoding.UTF8.GetBytes(
                $$$"""{"architecture":"{{{configArchitecture}}}","os":"linux","config":{"Env":["PATH=/usr/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:{{{new string('d', 64)}}}"]}}"""));
            var manifestJson = $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{config}}}","size":{{{Paths["blobs/" + config].Bytes.Length}}}},"layers":[{{{string.Join(",", Enumerable.Repeat($$"""{"mediaType":"{{layerType}}","digest":"{{LayerDigest}}","size":{{claimedSize ?? LayerBytes.Length}}}""", copies))}}}]}""";
            var manifest = Add("manifests", "application/vnd.oci.image.manifest.v1+json", Encoding.UTF8.GetBytes(manifestJson));
            var index = Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{manifest}}}","size":{{{manifestJson.Length}}},"platform":{"architecture":"{{{architecture}}}","os":"linux"}}]}""");
            IndexDigest = Add("manifests", "application/vnd.oci.image.index.v1+json", index);
            Paths["manifests/1"] = Paths["manifests/" + IndexDigest];
        }

        private string Add(string kind, string type, byte[] bytes)
        {
            var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
            Paths[$"{kind}/{digest}"] = (type, bytes);
            return digest;
        }

        public async Task Respond(string path, Stream stream, CancellationToken ct)
        {
            var key = path.StartsWith("/v2/base/", StringComparison.Ordinal) ? path["/v2/base/".Length..] : path;
            if (key == "endless")
            {
                await RawHttpServer.WriteHeadAsync(stream, "200 OK", ct, "Content-Type: application/vnd.oci.image.manifest.v1+json");
                var chunk = new byte[65536];
                for (var i = 0; i < 1024 && !ct.IsCancellationRequested; i++) await stream.WriteAsync(chunk, ct);
                return;
            }
            if (!Paths.TryGetValue(key, out var answer))
            {
                await RawHttpServer.WriteHeadAsync(stream, "404 Not Found", ct, "Content-Length: 0");
                return;
            }
            await RawHttpServer.WriteHeadAsync(stream, "200 OK", ct, $"Content-Type: {answer.Type}", $"Content-Length: {answer.Bytes.Length}");
            await stream.WriteAsync(answer.Bytes, ct);
        }
    }

    private static Task<EnvException> Refused(FakeRegistry registry, TempDir cache, string tag = "1") => Refused(registry.Respond, cache, tag);

    private static async Task<EnvException> Refused(Func<string, Stream, CancellationToken, Task> respond, TempDir cache, string tag = "1", TimeSpan? stall = null)
    {
        using var server = new RawHttpServer(respond);
        var port = new Uri(server.Url("")).Port;
        using var pull = new BaseImagePull(BaseImageReference.Parse($"127.0.0.1:{port}/base:{tag}", null), null, insecure: true, cache.Path, "/r/env.proj", stallTimeout: stall);
        return await Assert.ThrowsAsync<EnvException>(async () =>
        {
            var digest = await pull.ResolveAsync(default);
            await pull.PullAsync(digest, "linux", "amd64", NullEnvLog.Instance, default);
        });
    }

    [Fact]
    public async Task An_honest_registry_gives_the_image_and_its_layer_lands_in_the_cache_once_checked()
    {
        using var cache = new TempDir();
        var registry = new FakeRegistry();
        using var server = new RawHttpServer(registry.Respond);
        using var pull = new BaseImagePull(BaseImageReference.Parse($"127.0.0.1:{new Uri(server.Url("")).Port}/base:1", null), null, insecure: true, cache.Path, null);
        var digest = await pull.ResolveAsync(default);
        Assert.Equal(registry.IndexDigest, digest);
        var image = await pull.PullAsync(digest, "linux", "amd64", NullEnvLog.Instance, default);
        var layer = Assert.Single(image.Layers);
        Assert.Equal(registry.LayerDigest, layer.Digest);
        Assert.Equal(LayerBytes, File.ReadAllBytes(layer.Path));
        Assert.Equal("/usr/bin", image.Environment["PATH"]);
    }

    [Fact]
    public async Task A_manifest_that_is_not_its_digest_an_unknown_type_or_endless_is_refused()
    {
        using var cache = new TempDir();
        var lying = new FakeRegistry();
        var manifestKey = lying.Paths.Keys.Single(k => k.StartsWith("manifests/sha256:", StringComparison.Ordinal) && lying.Paths[k].Type.Contains("manifest.v1"));
        lying.Paths[manifestKey] = (lying.Paths[manifestKey].Type, Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}"""));
        var e = await Refused(lying, cache);
        Assert.Equal(EnvCode.ENV0990, e.Code);
        Assert.Contains("hashes to", e.Message);

        var odd = new FakeRegistry();
        odd.Paths["manifests/1"] = ("application/vnd.docker.distribution.manifest.v1+prettyjws", Encoding.UTF8.GetBytes("""{"schemaVersion":1}"""));
        Assert.Equal(EnvCode.ENV0990, (await Refused(odd, cache)).Code);

        var missing = await Refused(new FakeRegistry(), cache, "x");
        Assert.Equal(EnvCode.ENV0990, missing.Code);
        Assert.Contains("has no image", missing.Message);

        // A tag whose manifest never ends: read up to its bound (4 MiB), then refused.
        var registry = new FakeRegistry();
        var huge = await Refused((path, stream, ct) => registry.Respond(path.EndsWith("/manifests/1", StringComparison.Ordinal) ? "endless" : path, stream, ct), cache);
        Assert.Equal(EnvCode.ENV0986, huge.Code);
        Assert.Contains("MiB", huge.Message);
    }

    [Fact]
    public async Task A_layer_longer_or_other_than_its_digest_or_foreign_and_a_missing_platform_are_refused_leaving_the_cache_clean()
    {
        using var cache = new TempDir();
        var longer = new FakeRegistry();
        longer.Paths["blobs/" + longer.LayerDigest] = ("application/octet-stream", [.. LayerBytes, .. LayerBytes]);
        Assert.Equal(EnvCode.ENV0990, (await Refused(longer, cache)).Code);

        var other = new FakeRegistry();
        other.Paths["blobs/" + other.LayerDigest] = ("application/octet-stream", Encoding.ASCII.GetBytes("pretend this is a gzipped taR"));
        Assert.Contains("hashes to", (await Refused(other, cache)).Message);

        Assert.Contains("foreign", (await Refused(new FakeRegistry(layerType: "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"), cache)).Message);
        Assert.Contains("arm64", (await Refused(new FakeRegistry(architecture: "arm64"), cache)).Message);
        // Layers whose sizes add up past what a base may bring (16 GiB): refused before a byte of them is asked.
        Assert.Contains("20 GiB, more than 16 GiB", (await Refused(new FakeRegistry(copies: 5, claimedSize: 4L << 30), cache)).Message);
        Assert.Contains("arm64", (await Refused(new FakeRegistry(configArchitecture: "arm64"), cache)).Message);

        // A layer that stops coming without closing: stopped after the stall timeout, not waited on for ever.
        var stalling = new FakeRegistry();
        var stalled = await Refused(async (path, stream, ct) =>
        {
            if (!path.EndsWith(stalling.LayerDigest, StringComparison.Ordinal))
            {
                await stalling.Respond(path, stream, ct);
                return;
            }
            await RawHttpServer.WriteHeadAsync(stream, "200 OK", ct, $"Content-Length: {LayerBytes.Length}");
            await stream.WriteAsync(LayerBytes.AsMemory(0, 5), ct);
            await Task.Delay(Timeout.Infinite, ct);
        }, cache, stall: TimeSpan.FromSeconds(1));
        Assert.Equal(EnvCode.ENV0986, stalled.Code);
        Assert.Contains("sent nothing for 1 s after 5 bytes", stalled.Message);

        // No layer that failed its check is in the cache, and no temporary file is left; what is there (the manifests and
        // configs that were checked) hashes to its name.
        var downloads = Path.Combine(cache.Path, "downloads");
        var kept = Directory.Exists(downloads) ? Directory.GetFiles(downloads) : [];
        Assert.DoesNotContain(kept, f => f.EndsWith(".layer", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith(".tmp-", StringComparison.Ordinal));
        foreach (var file in kept)
            Assert.StartsWith("sha256-" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))) + ".", Path.GetFileName(file));
    }
}
