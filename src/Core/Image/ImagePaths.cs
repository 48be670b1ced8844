namespace Env.Core.Image;

/// <summary>
/// Where an env lives inside an image. Fixed, as Nix's <c>/nix/store</c> is, so that the same env gives the same image
/// whatever the building machine's store location or home; the profile's links and shims are made for these paths.
/// </summary>
public static class ImagePaths
{
    /// <summary>The store entries: <c>/envsdk/store/&lt;entry&gt;</c>, each its own layer.</summary>
    public const string StoreDir = "/envsdk/store";

    /// <summary>The profile: <c>bin/</c> with a link or shim per command, first on the image's PATH.</summary>
    public const string ProfileDir = "/envsdk/profile";

    /// <summary>The working folder when neither the env nor the base image names one.</summary>
    public const string DefaultWorkingDirectory = "/work";

    /// <summary>PATH when there is no base image (Debian's default for root).</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Every file's time in a layer: one second after the epoch, as Nix's store (zero reads as "unset" to some tools).</summary>
    public static readonly DateTimeOffset FixedTime = DateTimeOffset.FromUnixTimeSeconds(1);

    /// <summary>
    /// A path under the building machine's store, as it is in the image; null for one outside it (an image must not
    /// hold a path of the machine that built it).
    /// </summary>
    public static string? InImage(string path, string hostStoreDir)
    {
        var store = Path.TrimEndingDirectorySeparator(Path.GetFullPath(hostStoreDir)) + "/";
        return path.StartsWith(store, StringComparison.Ordinal) ? StoreDir + "/" + path[store.Length..] : null;
    }
}
