using Env.Core.Diagnostics;
using Env.Core.Model;

namespace Env.Core.Tools;

/// <summary>What every tool gets in staging before it is hashed: its Bin files checked and made executable.</summary>
internal static class StagedTool
{
    /// <summary>Bin files must exist, and are made executable before hashing: zip-based packages lose the bit.</summary>
    public static void PrepareBin(ToolSpec spec, string staging)
    {
        foreach (var bin in spec.Bin)
        {
            var path = Path.Combine(staging, bin);
            if (!File.Exists(path))
            {
                throw new EnvException("ENV0006",
                    $"Tool '{spec.Name}': Bin path '{bin}' is not a file in the {(spec.IsArchive ? "archive" : "package")}. {Offer(staging, bin)} Fix Bin in env.proj.",
                    spec.DeclaredIn);
            }
            MakeExecutable(path);
        }
    }

    /// <summary>
    /// What the user probably meant: files named like the missing one (same or near file name, anywhere in the
    /// tree), else the executables it holds, else that it holds none. Not the first files alphabetically.
    /// </summary>
    private static string Offer(string staging, string bin)
    {
        const int Most = 15;
        var files = Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(staging, f).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        var wanted = Path.GetFileName(bin).ToLowerInvariant();
        var near = files
            .Select(f => (f.Relative, Distance: EditDistance.Between(Path.GetFileName(f.Relative).ToLowerInvariant(), wanted)))
            .Where(f => f.Distance <= Math.Max(1, wanted.Length / 4))
            .OrderBy(f => f.Distance).ThenBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => f.Relative).Take(Most).ToList();
        if (near.Count > 0) return $"Did you mean {string.Join(", ", near)}?";
        var executables = files.Where(f => ExecutableFile.Is(f.Full)).Select(f => f.Relative).ToList();
        if (executables.Count > 0)
            return $"Its executable files{(executables.Count > Most ? $" ({executables.Count}, the first {Most})" : "")}: {string.Join(", ", executables.Take(Most))}.";
        return $"It holds {files.Count} files, none of them executable{(files.Count == 0 ? "" : $" (e.g. {string.Join(", ", files.Take(5).Select(f => f.Relative))})")}.";
    }

    public static void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }
}
