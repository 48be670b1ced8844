using Env.Core.Diagnostics;

namespace Env.Core.Image;

/// <summary>
/// <c>ContainerArchiveOutputPath</c>: the image as one tar that is both an OCI image layout (<c>oci-layout</c>,
/// <c>index.json</c>, <c>blobs/</c>: <c>skopeo copy oci-archive:</c>, <c>podman load</c>) and what <c>docker load</c>
/// reads (its <c>manifest.json</c> beside them, naming the same blobs). The same image gives the same archive bytes.
/// Written to a temporary name beside the destination and renamed over it, so a failure leaves nothing half-written
/// and a link at the destination is replaced, never followed.
/// </summary>
public static class OciArchive
{
    /// <summary>The file written: <paramref name="destination"/>, or <c>REPOSITORY.tar</c> in it when it is a folder (ends with a separator or exists as one).</summary>
    public static string PathFor(string destination, string repository)
    {
        var isFolder = destination.EndsWith('/') || destination.EndsWith(Path.DirectorySeparatorChar) || Directory.Exists(destination);
        return Path.GetFullPath(isFolder ? Path.Combine(destination, repository.Replace('/', '-') + ".tar") : destination);
    }

    public static void Write(string path, EnvImage image, string repository, IReadOnlyList<string> tags, string? projectFile)
    {
        var folder = Path.GetDirectoryName(path)!;
        try
        {
            // As the .NET SDK does: the folder the user named for the archive is made when missing.
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnvException(EnvCode.ENV0983, $"The image archive's folder {folder} cannot be made ({e.Message.TrimEnd('.')}). Set ContainerArchiveOutputPath to a file in a folder you can write.", projectFile, e);
        }
        var temp = Path.Combine(folder, "." + Path.GetFileName(path) + ".envsdk-tmp-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var tar = new LayerTar(file))
            {
                tar.Text("oci-layout", """{"imageLayoutVersion":"1.0.0"}""", executable: false);
                tar.Text("index.json", System.Text.Encoding.UTF8.GetString(ImageJson.Index(image.Manifest, repository, tags)), executable: false);
                tar.Text("manifest.json", System.Text.Encoding.UTF8.GetString(ImageJson.DockerLoadManifest(image.Config, image.Layers, tags.Select(t => repository + ":" + t).ToList())), executable: false);
                foreach (var blob in image.Blobs.Append(image.Manifest).DistinctBy(b => b.Digest).OrderBy(b => b.Hex, StringComparer.Ordinal))
                    tar.FileFrom("blobs/sha256/" + blob.Hex, blob.Path);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
