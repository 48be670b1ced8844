namespace Env.Core.Tools;

/// <summary>
/// The item types an env.proj declares Env.Sdk's inputs with, and the near misses of them: MSBuild accepts any item
/// type, so <c>&lt;Tools Include=…&gt;</c> or <c>&lt;Tol&gt;</c> would build an empty environment without a word.
/// </summary>
public static class ItemTypeNames
{
    /// <summary>Every item type Env.Sdk reads; a new one (ShellHook…) is added here.</summary>
    public static readonly IReadOnlyList<string> Known = ["Tool", "EnvVar"];

    /// <summary>What people coming from elsewhere write, beyond a typo's reach.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PackageReference"] = "Tool",
        ["DotNetCliToolReference"] = "Tool",
        ["EnvironmentVariable"] = "EnvVar",
        ["EnvVariable"] = "EnvVar",
        ["Variable"] = "EnvVar",
    };

    /// <summary>The item type of ours that <paramref name="itemType"/> looks like a misspelling of, or null.</summary>
    public static string? NearMiss(string itemType)
    {
        if (Known.Contains(itemType, StringComparer.OrdinalIgnoreCase)) return null;
        var singular = itemType.EndsWith('s') || itemType.EndsWith('S') ? itemType[..^1] : itemType;
        if (Aliases.TryGetValue(itemType, out var alias) || Aliases.TryGetValue(singular, out alias)) return alias;
        foreach (var known in Known)
        {
            // One slip in a short name, two in a longer one (transposed letters count as one).
            var allowed = known.Length <= 5 ? 1 : 2;
            if (Distance(known.ToLowerInvariant(), itemType.ToLowerInvariant()) <= allowed) return known;
        }
        return null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2) return int.MaxValue;
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
