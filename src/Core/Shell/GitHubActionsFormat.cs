using System.Text;

namespace Env.Core.Shell;

/// <summary>
/// The env as lines for GitHub Actions' <c>$GITHUB_ENV</c> file, so later steps of a job run in it:
/// <c>dotnet env print --format github-actions &gt;&gt; "$GITHUB_ENV"</c>. Every value (PATH too) is final, computed
/// against the environment of the step that prints it, and written in the multi-line form with a delimiter no value
/// contains, as GitHub's own toolkit writes it.
/// </summary>
public static class GitHubActionsFormat
{
    public static string Generate(EnvManifest manifest, IReadOnlyDictionary<string, string> current)
    {
        var applied = ActivatedEnvironment.Apply(manifest, current);
        var s = new StringBuilder();
        foreach (var name in new[] { "PATH" }.Concat(manifest.Activation.Changes.Select(c => c.Name)).Append(ActivatedEnvironment.EnvMarker))
        {
            // The file cannot unset a variable: an unset one is written empty.
            var value = applied.GetValueOrDefault(name) ?? "";
            var delimiter = "ghadelimiter_" + Guid.NewGuid().ToString("N");
            s.Append(name).Append("<<").Append(delimiter).Append('\n').Append(value).Append('\n').Append(delimiter).Append('\n');
        }
        return s.ToString();
    }
}
