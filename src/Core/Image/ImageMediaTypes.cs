namespace Env.Core.Image;

/// <summary>The OCI image format's media types (image-spec v1.1), the ones Env.Sdk writes.</summary>
public static class ImageMediaTypes
{
    public const string Manifest = "application/vnd.oci.image.manifest.v1+json";
    public const string Index = "application/vnd.oci.image.index.v1+json";
    public const string Config = "application/vnd.oci.image.config.v1+json";
    public const string GzipLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
}
