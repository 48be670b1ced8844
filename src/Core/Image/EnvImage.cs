namespace Env.Core.Image;

/// <summary>A built image in a <see cref="BlobFolder"/>: its manifest, config and layers (in order), ready to archive or push.</summary>
public sealed record EnvImage(ImageBlob Manifest, ImageBlob Config, IReadOnlyList<ImageBlob> Layers)
{
    /// <summary>Every blob a registry needs before the manifest: the layers, then the config.</summary>
    public IEnumerable<ImageBlob> Blobs => [.. Layers, Config];
}
