using System.Text.RegularExpressions;
using Env.Core.Diagnostics;

namespace Env.Core.Image;

/// <summary>
/// A repository name and its tags, checked as the OCI distribution spec has them (lowercase path components; tags of
/// at most 128 characters), before anything is built: a name a registry would refuse, or one that could climb out of an
/// archive's folder, is refused at once.
/// </summary>
public static partial class ImageReference
{
    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex TagPattern();

    public static void Check(string repository, IReadOnlyList<string> tags, string? projectFile)
    {
        if (repository.Length > 255 || !RepositoryPattern().IsMatch(repository))
        {
            throw new EnvException(EnvCode.ENV0984,
                $"ContainerRepository '{PrintableText.Of(repository)}' is not an image name: lowercase letters, digits and . _ - between them, / between parts. Set ContainerRepository in env.proj (or with -p:ContainerRepository=NAME).",
                projectFile);
        }
        foreach (var tag in tags.Where(t => !TagPattern().IsMatch(t)))
        {
            throw new EnvException(EnvCode.ENV0984,
                $"Image tag '{PrintableText.Of(tag)}' is not a tag: letters, digits, _ . - (not first), at most 128. Fix ContainerImageTags (or ContainerImageTag).",
                projectFile);
        }
    }

    /// <summary>A name as ContainerRepository defaults from the env's name: lowercase, other characters as '-'.</summary>
    public static string FromEnvName(string envName)
    {
        var name = Regex.Replace(envName.ToLowerInvariant(), "[^a-z0-9._/-]+", "-").Trim('-', '.', '_', '/');
        return name.Length == 0 ? "env" : name;
    }
}
