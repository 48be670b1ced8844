using Env.Core.Diagnostics;

namespace Env.Core.Image;

/// <summary>The OCI platform (<c>os</c>, <c>architecture</c>) of a .NET runtime identifier; images are Linux only.</summary>
public static class ImagePlatform
{
    public static (string Os, string Architecture) Of(string rid, string? projectFile)
    {
        var parts = rid.Split('-');
        var os = parts[0];
        var arch = parts[^1] switch
        {
            "x64" => "amd64",
            "arm64" => "arm64",
            "arm" => "arm",
            "x86" => "386",
            "s390x" => "s390x",
            "ppc64le" => "ppc64le",
            _ => null,
        };
        if (os is not "linux" || arch is null)
        {
            throw new EnvException(EnvCode.ENV0981,
                $"An image is made for Linux, and the env's runtime identifier is '{rid}'. Build the image on Linux (a CI runner, WSL), or set ContainerRuntimeIdentifier to linux-x64 or linux-arm64 and restore for it.",
                projectFile);
        }
        return ("linux", arch);
    }
}
