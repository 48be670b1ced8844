using System.Text.RegularExpressions;
using Env.Core.Diagnostics;

namespace Env.Core.Image;

/// <summary>
/// <c>ContainerBaseImage</c>: <c>HOST[:PORT]/NAME[:TAG][@sha256:HEX]</c>. The registry is always written out: a bare
/// <c>debian:12</c> would mean whatever registry a tool defaults to, and which registry an image comes from is a
/// decision the project makes in its own text. Checked before anything is asked of a registry (ENV0989): the name
/// becomes a URL path and a key of the lock.
/// </summary>
public sealed partial record BaseImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    [GeneratedRegex("^(localhost|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+|\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9-]+)(:[0-9]{1,5})?$")]
    private static partial Regex RegistryPattern();

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();

    /// <summary>The reference as written in the lock: registry, name, and the tag (or the digest when there is no tag).</summary>
    public override string ToString() => $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    /// <summary>The lock's key: the reference without a digest (a digest given in env.proj is its own pin).</summary>
    public string LockKey => $"{Registry}/{Repository}:{Tag ?? "latest"}";

    /// <summary>A digest is a sha256 of 64 lowercase hex digits, the only kind Env.Sdk verifies.</summary>
    public static bool IsDigest(string text) => DigestPattern().IsMatch(text);

    /// <exception cref="EnvException">ENV0989: not a reference with a registry, a name, and a tag or sha256 digest.</exception>
    public static BaseImageReference Parse(string text, string? projectFile)
        => TryParse(text, out var reference, out var why) ? reference! : throw new EnvException(EnvCode.ENV0989,
            $"ContainerBaseImage '{PrintableText.Of(text)}' is not an image reference Env.Sdk takes: {why}. Write HOST[:PORT]/NAME[:TAG] or HOST/NAME@sha256:DIGEST (the registry always named), e.g. registry.example.com/dotnet/runtime:10.0.",
            projectFile);

    public static bool TryParse(string text, out BaseImageReference? reference, out string why)
    {
        reference = null;
        var rest = text.Trim();
        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!IsDigest(digest))
            {
                why = "its digest is not sha256: and 64 lowercase hex digits";
                return false;
            }
        }
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            why = "it names no registry (HOST[:PORT]/ before the name)";
            return false;
        }
        var registry = rest[..slash];
        var path = rest[(slash + 1)..];
        // The first part is a registry only as Docker tells them apart: a dot, a port, or localhost.
        if (!RegistryPattern().IsMatch(registry) || !(registry.Contains('.') || registry.Contains(':') || registry.StartsWith('[') || registry == "localhost"))
        {
            why = $"'{PrintableText.Of(registry)}' is not a registry host (one with a dot, a port, or localhost)";
            return false;
        }
        string? tag = null;
        var colon = path.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = path[(colon + 1)..];
            path = path[..colon];
        }
        try
        {
            ImageReference.Check(path, tag is null ? [] : [tag], null);
        }
        catch (EnvException)
        {
            why = "its name or tag is not what the OCI distribution spec allows";
            return false;
        }
        reference = new BaseImageReference(registry, path, tag, digest);
        why = "";
        return true;
    }
}
