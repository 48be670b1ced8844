namespace Env.Core.Nix;

/// <summary>
/// The name part of a store path ("&lt;hash&gt;-&lt;name&gt;"). Nix rejects anything else, so a name we
/// compute must already obey its rules or our paths would differ from nix's.
/// </summary>
public static class StorePathName
{
    /// <summary>Nix's limit; the full file name (hash, dash, name) stays under 255 bytes.</summary>
    public const int MaxLength = 211;

    /// <summary>Used by <see cref="Sanitize"/> when nothing usable is left, as nixpkgs' sanitizeDerivationName does.</summary>
    public const string Fallback = "unknown";

    public static bool IsValid(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] == '.') return false;
        foreach (var c in name)
        {
            if (!IsAllowed(c)) return false;
        }

        return true;
    }

    /// <summary>
    /// Makes any text a valid name the way nixpkgs' <c>sanitizeDerivationName</c> does: drop leading dots,
    /// replace each run of forbidden characters with one '-', keep the last 211 characters (the version usually
    /// sits at the end), and fall back to "unknown" when nothing is left.
    /// </summary>
    public static string Sanitize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new System.Text.StringBuilder(name.Length);
        var inInvalidRun = false;
        foreach (var c in name.TrimStart('.'))
        {
            if (IsAllowed(c))
            {
                builder.Append(c);
                inInvalidRun = false;
            }
            else if (!inInvalidRun)
            {
                builder.Append('-');
                inInvalidRun = true;
            }
        }

        var result = builder.ToString();
        if (result.Length > MaxLength) result = result[^MaxLength..].TrimStart('.');
        return result.Length == 0 ? Fallback : result;
    }

    private static bool IsAllowed(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.' or '_' or '?' or '=';
}
