using System.Text;
using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// Joins the <c>HomeFragment</c>s of each place into one file, as Home Manager merges <c>initExtra</c>: sorted by
/// Order (lower first), ties in item order, each Text followed by exactly one newline when it does not end with one (an
/// empty Text adds nothing). The file is then a HomeFile with Text like any other: the generation's manifest, a
/// switch's diff and OnChange see one file. Refused, before anything is written: a place that is also a HomeFile's
/// (ENV0045, naming both owners), fragments of one place that disagree on Executable, and a joined file over
/// <see cref="MaxFileBytes"/> (ENV0062).
/// </summary>
public static class HomeFragmentMerger
{
    /// <summary>A joined configuration file is read by a shell or a program at every start: 4 MiB is far past any.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    /// <returns>The HomeFile items, then one file per place of the fragments (in the order each place first appears).</returns>
    public static IReadOnlyList<HomeFileSpec> Merge(IReadOnlyList<HomeFileSpec> files, IReadOnlyList<HomeFragmentSpec> fragments, string? projectFile)
    {
        if (fragments.Count == 0) return files;
        var merged = new List<HomeFileSpec>(files);
        foreach (var place in fragments.GroupBy(f => f.Path, StringComparer.Ordinal))
        {
            var pieces = place.OrderBy(f => f.Order).ToList();
            var owners = pieces.Select(f => f.Owner).Aggregate(new List<HomeItemOwner>(), (list, o) =>
            {
                if (!list.Any(seen => seen.SameOwnerAs(o))) list.Add(o);
                return list;
            });
            var what = "the HomeFragment items of " + string.Join(" and ", owners.Select(o => o.Describe()));
            if (files.FirstOrDefault(f => string.Equals(f.Path, place.Key, StringComparison.Ordinal)) is { } file)
            {
                throw new EnvException(EnvCode.ENV0045,
                    $"'{HomePath.Printable(place.Key)}' is {file.Describe()} and also joined from {what}: one place cannot be both. Turn the HomeFile into a HomeFragment (Text=\"…\" with an Order), or drop the module's fragment.",
                    projectFile);
            }
            var executables = pieces.Where(f => f.Executable is not null).GroupBy(f => f.Executable!.Value).ToList();
            if (executables.Count > 1)
            {
                throw new EnvException(EnvCode.ENV0062,
                    $"The HomeFragment items of '{HomePath.Printable(place.Key)}' disagree on Executable: {executables[0].First().Owner.Describe()} says {Bool(executables[0].Key)}, {executables[1].First().Owner.Describe()} says {Bool(executables[1].Key)}. Give Executable on one fragment, or the same on all.",
                    projectFile);
            }
            var text = new StringBuilder();
            long bytes = 0;
            foreach (var piece in pieces)
            {
                if (piece.Text.Length == 0) continue;
                var line = piece.Text.EndsWith('\n') ? piece.Text : piece.Text + "\n";
                bytes += Encoding.UTF8.GetByteCount(line);
                if (bytes > MaxFileBytes)
                {
                    throw new EnvException(EnvCode.ENV0062,
                        $"The HomeFragment items of '{HomePath.Printable(place.Key)}' ({what}) come to more than {MaxFileBytes} bytes. Put data in a HomeFile with Source, and keep fragments to lines of configuration.",
                        projectFile);
                }
                text.Append(line);
            }
            var commands = pieces.Where(f => f.OnChange is not null).Select(f => f.OnChange!).Distinct(StringComparer.Ordinal).ToList();
            merged.Add(new HomeFileSpec(place.Key, null, text.ToString(), HomeFileMode.Link, executables.Count == 1 ? executables[0].Key : null)
            {
                OnChange = commands.Count > 0 ? commands[0] : null,
                MoreOnChange = commands.Skip(1).ToList(),
                Owner = owners[0],
                FragmentOwners = owners,
            });
        }
        return merged;
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
