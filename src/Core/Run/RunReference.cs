using Env.Core.Diagnostics;
using Env.Core.Model;

namespace Env.Core.Run;

/// <summary>
/// What <c>dotnet env run</c> is asked for, as <c>nix run</c> spells an installable: <c>PACKAGE[@VERSION][#COMMAND]</c>.
/// A package without a version is the newest stable one (then pinned in the run lock); <c>#COMMAND</c> picks one command
/// of a package that has several, a program of a package that is not a .NET tool, or a tool of a tool set. Parsed without
/// NuGet, because the warm path must not load it.
/// </summary>
public sealed record RunReference(string Package, string? Version, string? Command)
{
    /// <summary>NuGet's own limit on an id.</summary>
    public const int MaxIdLength = 100;

    public static RunReference Parse(string text)
    {
        var rest = text;
        string? command = null;
        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            command = rest[(hash + 1)..];
            rest = rest[..hash];
            if (!CommandName.IsValid(command))
                throw Invalid(text, $"the command after '#' {CommandName.Problem(command)}");
        }
        string? version = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            version = rest[(at + 1)..];
            rest = rest[..at];
            if (version.Length == 0 || version.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '\\' or '@' or '#'))
                throw Invalid(text, "the version after '@' is empty or has a character no version has");
        }
        if (!IsPackageId(rest))
            throw Invalid(text, $"'{PrintableText.Of(rest)}' is not a NuGet package id (letters, digits, '_', with '.' or '-' between them, at most {MaxIdLength} characters)");
        return new RunReference(rest, version, command);
    }

    /// <summary>Whether <paramref name="text"/> reads as a reference at all (the CLI tells references from paths by it).</summary>
    public static bool LooksLikeReference(string text) => text.Contains('@') || text.Contains('#');

    /// <summary>
    /// The run lock's key: the id ignoring case (as feeds match ids), the version and command as written, so
    /// <c>csharpier</c> and <c>csharpier@1.3.0</c> are pinned apart: the first follows <c>--refresh</c>, the second never moves.
    /// </summary>
    public string Key => Package.ToLowerInvariant() + (Version is null ? "" : "@" + Version) + (Command is null ? "" : "#" + Command);

    public override string ToString() => Package + (Version is null ? "" : "@" + Version) + (Command is null ? "" : "#" + Command);

    /// <summary>NuGet's rule (PackageIdValidator): <c>^\w+([.-]\w+)*$</c> over ASCII word characters.</summary>
    public static bool IsPackageId(string id)
    {
        if (id.Length == 0 || id.Length > MaxIdLength) return false;
        var previousWasSeparator = true;
        foreach (var c in id)
        {
            if (c is '.' or '-')
            {
                if (previousWasSeparator) return false;
                previousWasSeparator = true;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                previousWasSeparator = false;
            }
            else
            {
                return false;
            }
        }
        return !previousWasSeparator;
    }

    private static EnvException Invalid(string text, string why) =>
        new(EnvCode.ENV0750,
            $"'{PrintableText.Of(text)}' is not something dotnet env run can run: {why}. Write PACKAGE, PACKAGE@VERSION or PACKAGE@VERSION#COMMAND (e.g. csharpier@1.3.0), or use --url URL --hash HASH for an archive.");
}
