using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>One warning about a name the user wrote, at its line.</summary>
public sealed record HomeOptionWarning(EnvCode Code, string File, int Line, int Column, string Message);

/// <summary>
/// Misspelt module options, found in what the user wrote (<see cref="HomeWrittenNames"/>): MSBuild takes any property or
/// item name, so <c>&lt;GitUsername&gt;</c>… is fine (names ignore case) but <c>&lt;GitUserNam&gt;</c> would leave the
/// option at its default without a word. A name that is no option of a module in use but is near one (it starts with a
/// used module's Prefix, or is within two edits of an option's name, case ignored) is a warning naming the nearest
/// option (ENV0065); metadata an item option does not take, likewise (ENV0066). Warnings, not errors: a property of the
/// user's own may look like an option, and the build must not stop for it.
/// </summary>
public static class HomeModuleOptionCheck
{
    /// <summary>At most this many warnings: a file of near names is one mistake repeated, not a hundred.</summary>
    public const int MaxWarnings = 50;

    /// <param name="ownItemTypes">Env.Sdk's own item types (Tool, HomeFile…), never taken for a misspelt option.</param>
    public static IReadOnlyList<HomeOptionWarning> Check(IReadOnlyList<HomeModule> modules, IReadOnlyList<HomeWrittenName> written, IReadOnlyCollection<string> ownItemTypes)
    {
        var warnings = new List<HomeOptionWarning>();
        if (modules.Count == 0) return warnings;
        var options = modules.SelectMany(m => m.Options).ToList();
        foreach (var name in written)
        {
            if (warnings.Count >= MaxWarnings) break;
            var option = options.FirstOrDefault(o => string.Equals(o.Name, name.Name, StringComparison.OrdinalIgnoreCase));
            if (option is not null)
            {
                if (option.Kind != name.Kind)
                {
                    warnings.Add(new(EnvCode.ENV0065, name.File, name.Line, name.Column,
                        $"'{name.Name}' is written as {(name.Kind == HomeModuleOptionKind.Property ? "a property" : "an item")}, but module {option.Module}'s option {option.Name} is {(option.Kind == HomeModuleOptionKind.Property ? "a property: write <" + option.Name + ">value</" + option.Name + "> in a PropertyGroup" : "an item type: write <" + option.Name + " Include=\"…\" /> in an ItemGroup")}; as written the module does not see it."));
                }
                else if (option.Kind == HomeModuleOptionKind.Item)
                {
                    foreach (var key in name.Metadata.Where(k => !option.Metadata.Contains(k, StringComparer.OrdinalIgnoreCase) && !string.Equals(k, HomeItemOwner.ModuleKey, StringComparison.OrdinalIgnoreCase)))
                    {
                        var near = Nearest(option.Metadata, key);
                        warnings.Add(new(EnvCode.ENV0066, name.File, name.Line, name.Column,
                            $"{name.Name} takes the metadata {(option.Metadata.Count == 0 ? "none (Include only)" : string.Join(", ", option.Metadata))} (module {option.Module}), not '{key}', so the module ignores it{(near is null ? "" : $"; did you mean {near}?")} ('dotnet env options' lists every option)."));
                    }
                }
                continue;
            }
            if (name.Kind == HomeModuleOptionKind.Item && ownItemTypes.Contains(name.Name, StringComparer.OrdinalIgnoreCase)) continue;
            var byPrefix = modules.FirstOrDefault(m => name.Name.Length > m.Prefix.Length && name.Name.StartsWith(m.Prefix, StringComparison.OrdinalIgnoreCase));
            var nearest = Nearest(options.Select(o => o.Name), name.Name);
            var close = nearest is not null && EditDistance.Between(nearest.ToLowerInvariant(), name.Name.ToLowerInvariant()) <= 2;
            if (byPrefix is null && !close) continue;
            var meant = close ? nearest : Nearest(byPrefix!.Options.Select(o => o.Name), name.Name);
            var module = close ? options.First(o => o.Name == nearest).Module : byPrefix!.Id;
            warnings.Add(new(EnvCode.ENV0065, name.File, name.Line, name.Column,
                $"{(name.Kind == HomeModuleOptionKind.Property ? "Property" : "Item type")} '{name.Name}' is not an option of module {module}, so the module ignores it{(meant is null ? "" : $"; did you mean {meant}?")} ('dotnet env options' lists every option; a name of your own that only looks like one can be renamed to silence this)."));
        }
        return warnings;
    }

    /// <summary>The candidate nearest to <paramref name="name"/> by edit distance (case ignored), the first of equals; null when there is none.</summary>
    private static string? Nearest(IEnumerable<string> candidates, string name) =>
        candidates.Select(c => (c, d: EditDistance.Between(c.ToLowerInvariant(), name.ToLowerInvariant()))).OrderBy(p => p.d).Select(p => p.c).FirstOrDefault();
}
