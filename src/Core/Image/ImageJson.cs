using System.Buffers;
using System.Text.Json;

namespace Env.Core.Image;

/// <summary>
/// The image's JSON documents, the same bytes for the same image: a fixed key order, compact, strings escaped by
/// <see cref="JsonEscaping"/> (only what JSON requires, so <c>+json</c> stays readable), no creation time (the
/// config's <c>created</c> is the epoch, as Nix's images have it) and no host path.
/// </summary>
public static class ImageJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JsonEscaping.Instance };

    /// <summary>
    /// The config: platform, runtime config, the layers' diff ids, and one history line per layer. On a base image, its
    /// runtime settings other than those the env sets (Entrypoint, Cmd, User, ExposedPorts…) are kept as its config has
    /// them, its history lines come first, and its layers are the first of <paramref name="layers"/>.
    /// </summary>
    public static byte[] Config(ImageConfig config, IReadOnlyList<ImageBlob> layers, BaseImage? baseImage = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("created", "1970-01-01T00:00:00Z");
        w.WriteString("architecture", config.Architecture);
        w.WriteString("os", config.Os);
        if (baseImage?.Variant is { } variant) w.WriteString("variant", variant);
        w.WriteStartObject("config");
        if (config.User is not null) w.WriteString("User", config.User);
        w.WriteStartArray("Env");
        foreach (var (name, value) in config.Environment) w.WriteStringValue(name + "=" + value);
        w.WriteEndArray();
        if (config.Entrypoint is { } entrypoint) Strings(w, "Entrypoint", entrypoint);
        if (config.Cmd is { } cmd) Strings(w, "Cmd", cmd);
        w.WriteString("WorkingDir", config.WorkingDirectory);
        w.WriteStartObject("Labels");
        foreach (var (name, value) in config.Labels) w.WriteString(name, value);
        w.WriteEndObject();
        if (baseImage?.RuntimeConfig is { } runtime)
        {
            foreach (var property in runtime.EnumerateObject())
            {
                var ours = property.Name is "Env" or "WorkingDir" or "Labels"
                    || (property.Name == "User" && config.User is not null)
                    || (property.Name == "Entrypoint" && config.Entrypoint is not null)
                    || (property.Name == "Cmd" && config.Cmd is not null);
                if (!ours) property.WriteTo(w);
            }
        }
        w.WriteEndObject();
        w.WriteStartObject("rootfs");
        w.WriteString("type", "layers");
        Strings(w, "diff_ids", layers.Select(l => l.DiffId!).ToList());
        w.WriteEndObject();
        w.WriteStartArray("history");
        foreach (var line in baseImage?.History ?? []) line.WriteTo(w);
        foreach (var layer in layers.Skip(baseImage?.Layers.Count ?? 0))
        {
            w.WriteStartObject();
            w.WriteString("created", "1970-01-01T00:00:00Z");
            w.WriteString("created_by", "Env.Sdk: " + layer.Description);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The image manifest: the config and the layers, in order.</summary>
    public static byte[] Manifest(ImageBlob config, IReadOnlyList<ImageBlob> layers) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", 2);
        w.WriteString("mediaType", ImageMediaTypes.Manifest);
        Descriptor(w, "config", config);
        w.WriteStartArray("layers");
        foreach (var layer in layers) Descriptor(w, null, layer);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// An OCI layout's <c>index.json</c>: the manifest once per tag, named by the tag (<c>org.opencontainers.image.ref.name</c>,
    /// what <c>skopeo copy oci-archive:FILE:TAG</c> and umoci look up) and by its whole name (<c>io.containerd.image.name</c>,
    /// what <c>docker load</c> and containerd name the image by).
    /// </summary>
    public static byte[] Index(ImageBlob manifest, string repository, IReadOnlyList<string> tags) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", 2);
        w.WriteString("mediaType", ImageMediaTypes.Index);
        w.WriteStartArray("manifests");
        foreach (var tag in tags.DefaultIfEmpty(null))
        {
            w.WriteStartObject();
            w.WriteString("mediaType", manifest.MediaType);
            w.WriteString("digest", manifest.Digest);
            w.WriteNumber("size", manifest.Size);
            if (tag is not null)
            {
                w.WriteStartObject("annotations");
                w.WriteString("io.containerd.image.name", repository + ":" + tag);
                w.WriteString("org.opencontainers.image.ref.name", tag);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Docker's <c>manifest.json</c>, which <c>docker load</c> reads from the same archive.</summary>
    public static byte[] DockerLoadManifest(ImageBlob config, IReadOnlyList<ImageBlob> layers, IReadOnlyList<string> repoTags) => Write(w =>
    {
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteString("Config", "blobs/sha256/" + config.Hex);
        Strings(w, "RepoTags", repoTags);
        Strings(w, "Layers", layers.Select(l => "blobs/sha256/" + l.Hex).ToList());
        w.WriteEndObject();
        w.WriteEndArray();
    });

    private static void Descriptor(Utf8JsonWriter w, string? name, ImageBlob blob)
    {
        if (name is null) w.WriteStartObject();
        else w.WriteStartObject(name);
        w.WriteString("mediaType", blob.MediaType);
        w.WriteString("digest", blob.Digest);
        w.WriteNumber("size", blob.Size);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Compact)) body(w);
        return buffer.WrittenSpan.ToArray();
    }
}
