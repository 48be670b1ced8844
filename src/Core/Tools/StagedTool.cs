using Env.Core.Diagnostics;

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
                var offered = Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(staging, f).Replace('\\', '/'))
                    .Order(StringComparer.Ordinal).Take(15);
                throw new EnvException("ENV0006",
                    $"Tool '{spec.Name}': Bin path '{bin}' is not a file in the {(spec.IsArchive ? "archive" : "package")}. It holds, among others: {string.Join(", ", offered)}. Fix Bin in env.proj.",
                    spec.DeclaredIn);
            }
            MakeExecutable(path);
        }
    }

    public static void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }
}
