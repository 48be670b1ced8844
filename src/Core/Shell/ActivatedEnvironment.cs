namespace Env.Core.Shell;

/// <summary>
/// An environment with a built env applied, as sourcing its activate script would leave it: the profile's
/// <c>bin</c> first on PATH, each variable set, added to or unset, <c>ENVSDK_ENV</c> naming the project. For what starts a program in
/// the env without a shell (<c>dotnet env shell -- CMD</c>) and for formats that hold final values (dotenv, GitHub
/// Actions).
/// </summary>
public static class ActivatedEnvironment
{
    public const string EnvMarker = "ENVSDK_ENV";

    /// <param name="current">The environment to start from (names compared as the platform does).</param>
    public static Dictionary<string, string> Apply(EnvManifest manifest, IReadOnlyDictionary<string, string> current)
    {
        var result = Apply(manifest.PathEntries, manifest.Variables, current);
        result[EnvMarker] = manifest.Project;
        return result;
    }

    /// <summary>
    /// PATH (<paramref name="pathEntries"/>, PATH's Prepend entries, the PATH of <paramref name="current"/>, PATH's Append
    /// entries), then each other variable's change, without the env marker (a home generation's session has none).
    /// </summary>
    public static Dictionary<string, string> Apply(IReadOnlyList<string> pathEntries, IReadOnlyList<EnvVariable> variables, IReadOnlyDictionary<string, string> current) =>
        Apply(pathEntries, VariableChange.Of(variables), current);

    /// <inheritdoc cref="Apply(IReadOnlyList{string}, IReadOnlyList{EnvVariable}, IReadOnlyDictionary{string, string})"/>
    public static Dictionary<string, string> Apply(IReadOnlyList<string> pathEntries, IReadOnlyList<VariableChange> changes, IReadOnlyDictionary<string, string> current)
    {
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var result = new Dictionary<string, string>(current, comparer);
        var separator = Path.PathSeparator.ToString();
        var path = changes.FirstOrDefault(c => c.Name == PathVariable.Name);
        result["PATH"] = string.Join(separator, pathEntries.Concat(path?.Prepend ?? []).Append(result.GetValueOrDefault("PATH")).Concat(path?.Append ?? [])
            .Where(e => !string.IsNullOrEmpty(e)));
        foreach (var change in changes.Where(c => c != path))
        {
            switch (change.Kind)
            {
                case EnvVarOp.Set:
                    result[change.Name] = change.Value;
                    break;
                case EnvVarOp.Unset:
                    result.Remove(change.Name);
                    break;
                default:
                    // As the scripts do: no separator next to a variable that is unset or empty.
                    var old = result.GetValueOrDefault(change.Name);
                    result[change.Name] = string.Join(separator, change.Prepend.Append(old).Concat(change.Append).Where(e => !string.IsNullOrEmpty(e)));
                    break;
            }
        }
        return result;
    }

    /// <summary>This process's environment, as a map.</summary>
    public static Dictionary<string, string> Current()
    {
        var result = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            result[(string)e.Key] = (string?)e.Value ?? "";
        return result;
    }
}
