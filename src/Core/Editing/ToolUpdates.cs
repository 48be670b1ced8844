using Env.Core.Diagnostics;
using Env.Core.Locking;
using NuGet.Versioning;

namespace Env.Core.Editing;

/// <summary>
/// <c>dotnet env update</c>'s plan, before anything is written: for each package tool env.proj declares (or those named),
/// what the feeds offer against what env.proj asks for and the lock pins, as <see cref="OutdatedTools"/> asks them.
/// An exact Version moves to the newest stable version (a tool on a prerelease: the newest prerelease, as <c>outdated</c>
/// compares it); a floating Version or range stays as written and its lock entry moves to the newest version it allows.
/// Archives (Url and Hash) and tool set tools have no Version to move and are skipped with the reason, never failed.
/// </summary>
public static class ToolUpdates
{
    /// <param name="names">The tools to update (their Include, ignoring case); empty for all.</param>
    public static async Task<IReadOnlyList<ToolUpdate>> PlanAsync(string projectFile, string lockFile, IReadOnlyList<string> names, AddOptions options, CancellationToken ct)
    {
        var editor = EnvProjectEditor.Load(projectFile);
        var declared = editor.Tools;
        var unknown = names.Where(n => !declared.Any(t => t.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            var known = declared.Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            throw new EnvException(EnvCode.ENV0723,
                $"{projectFile} declares no tool {string.Join(", ", unknown.Select(n => $"'{PrintableText.Of(n)}'"))}. " +
                (known.Count == 0 ? "It declares no Tool item at all." : $"Its tools: {PrintableText.Of(string.Join(", ", known))}.") +
                " Nothing was changed. (Tools declared in files env.proj imports are not updated.)",
                projectFile);
        }
        bool Asked(string name) => names.Count == 0 || names.Contains(name, StringComparer.OrdinalIgnoreCase);

        var plan = new List<ToolUpdate>();
        foreach (var group in declared.Where(t => Asked(t.Name)).GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (group.Any(t => t.IsArchive))
            {
                plan.Add(new ToolUpdate(group.Key, ToolUpdateKind.Skipped, group.First().Get("Version"), null, null,
                    $"a download pinned by Url and Hash has no feed to say what is newer; move it with 'dotnet env add {group.Key}@VERSION --url URL' (once per Rid)"));
            }
            else if (group.All(t => t.Get("Version") is null))
            {
                plan.Add(new ToolUpdate(group.Key, ToolUpdateKind.Skipped, null, null, null,
                    "its version comes from a tool set; update the set's <Sdk Name=\"…\" Version=\"…\" />"));
            }
        }

        var locked = LockFile.Load(lockFile);
        var rows = (await OutdatedTools.QueryAsync(projectFile, lockFile, includePrerelease: false, options, ct).ConfigureAwait(false))
            .Where(r => Asked(r.Row.Name))
            .ToList();
        // The feeds could not answer: nothing is written, and the error is the feeds' own (a source, a 401, a package gone).
        if (rows.FirstOrDefault(r => r.Error is not null).Error is { } error) throw error;

        foreach (var (row, _) in rows)
        {
            var inUse = row.Locked ?? AnyLocked(locked, row);
            if (NuGetVersion.TryParse(row.Requested, out var pinned))
            {
                if (NuGetVersion.Parse(row.Latest!) > pinned)
                {
                    plan.Add(Editable(editor, row.Name) is { } why
                        ? new ToolUpdate(row.Name, ToolUpdateKind.Skipped, row.Requested, inUse, null, $"{row.Latest} is out, but {why}")
                        : new ToolUpdate(row.Name, ToolUpdateKind.Edited, row.Requested, inUse ?? row.Requested, row.Latest, null));
                }
                else
                {
                    plan.Add(row.Locked is null
                        ? new ToolUpdate(row.Name, ToolUpdateKind.Relocked, row.Requested, inUse, row.Requested, "env.lock.json did not pin it yet")
                        : new ToolUpdate(row.Name, ToolUpdateKind.Current, row.Requested, inUse, inUse, null));
                }
                continue;
            }

            // A floating Version or range: the lock moves to the newest version it allows; a newer one outside it is the user's call.
            var note = NuGetVersion.Parse(row.Latest!) > NuGetVersion.Parse(row.Wanted!) ? $"{row.Latest} is out, outside {row.Requested}" : null;
            plan.Add(row.Locked == row.Wanted
                ? new ToolUpdate(row.Name, ToolUpdateKind.Current, row.Requested, inUse, inUse, note)
                : new ToolUpdate(row.Name, ToolUpdateKind.Relocked, row.Requested, inUse, row.Wanted, note));
        }
        return plan.OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase).ThenBy(u => u.Requested, StringComparer.Ordinal).ToList();
    }

    /// <summary>The version the lock pins for the tool whatever env.proj asks for now (what a bot's edit left behind).</summary>
    private static string? AnyLocked(LockFile locked, OutdatedTool row) =>
        (row.Rids.Count == 0 ? ["any"] : row.Rids).Select(r => locked.Find(row.Name, r)).OfType<LockEntry>().FirstOrDefault()?.Version;

    /// <summary>Null when the editor may change the tool's items; else why not (ENV0721's message), to say instead of failing.</summary>
    private static string? Editable(EnvProjectEditor editor, string name)
    {
        try
        {
            editor.CheckEditable(name);
            return null;
        }
        catch (EnvException e) when (e.Code == EnvCode.ENV0721)
        {
            return e.Message.Replace(" Nothing was changed.", "", StringComparison.Ordinal);
        }
    }
}
