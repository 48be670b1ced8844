using Env.Core.IO;
using Env.Core.Diagnostics;
using Env.Core.Model;

namespace Env.Core.Tools;

/// <summary>What every tool gets in staging before it is hashed: its Bin files checked and made executable.</summary>
internal static class StagedTool
{
    /// <summary>Bin files must exist, and are made executable before hashing: zip-based packages lose the bit.</summary>
    public static void PrepareBin(ToolSpec spec, string staging, CancellationToken ct = default)
    {
        foreach (var bin in spec.Bin)
        {
            var path = Path.Combine(staging, bin);
            if (!File.Exists(path))
            {
                throw new EnvException(EnvCode.ENV0006,
                    $"Tool '{spec.Name}': Bin path '{bin}' is not a file in the {(spec.IsArchive ? "archive" : "package")}. {Offer(staging, bin, ct)} Fix Bin in env.proj.",
                    spec.DeclaredIn);
            }
            MakeExecutable(path);
        }
    }

    /// <summary>The most files the suggestion looks at: an archive holds up to a million, the answer needs a handful.</summary>
    internal const int MaxFilesLookedAt = 100_000;

    /// <summary>
    /// What the user probably meant: files named like the missing one (same or near file name, anywhere in the
    /// tree), else the executables it holds, else that it holds none. Not the first files alphabetically.
    /// The walk does not follow links (a legal <c>loop -> .</c> made it walk for ever), looks at most at
    /// <see cref="MaxFilesLookedAt"/> files and notices Ctrl+C, like extraction.
    /// </summary>
    private static string Offer(string staging, string bin, CancellationToken ct)
    {
        const int Most = 15;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        var files = new List<(string Full, string Relative)>();
        var partial = false;
        foreach (var f in Directory.EnumerateFiles(staging, "*", options))
        {
            ct.ThrowIfCancellationRequested();
            if (files.Count == MaxFilesLookedAt) { partial = true; break; }
            files.Add((f, Path.GetRelativePath(staging, f).Replace('\\', '/')));
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        var wanted = Path.GetFileName(bin).ToLowerInvariant();
        var most = Math.Max(1, wanted.Length / 4);
        var near = files
            .Select(f => Path.GetFileName(f.Relative).ToLowerInvariant() is var name && Math.Abs(name.Length - wanted.Length) <= most
                ? (f.Relative, Distance: EditDistance.Between(name, wanted)) : (f.Relative, Distance: int.MaxValue))
            .Where(f => f.Distance <= most)
            .OrderBy(f => f.Distance).ThenBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => PrintableText.Name(f.Relative)).Take(Most).ToList();
        var scope = partial ? $" (of the first {MaxFilesLookedAt} files)" : "";
        if (near.Count > 0) return $"Did you mean {string.Join(", ", near)}{scope}?";
        var executables = files.Where(f => ExecutableFile.Is(f.Full)).Select(f => PrintableText.Name(f.Relative)).ToList();
        if (executables.Count > 0)
            return $"Its executable files{scope}{(executables.Count > Most ? $" ({executables.Count}, the first {Most})" : "")}: {string.Join(", ", executables.Take(Most))}.";
        return $"It holds {(partial ? "more than " : "")}{files.Count} files, none of them executable{scope}{(files.Count == 0 ? "" : $" (e.g. {string.Join(", ", files.Take(5).Select(f => PrintableText.Name(f.Relative)))})")}.";
    }

    public static void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | FileModes.ExecuteBits);
    }
}
