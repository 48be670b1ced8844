using System.Diagnostics;

namespace Env.Core.IO;

/// <summary>
/// Temporary names that start with the id of the process that made them (<c>&lt;pid&gt;-…</c>), so that a later
/// process can tell what a killed one left behind from what a running one is still writing.
/// </summary>
internal static class OwnerProcess
{
    /// <summary>Whether <paramref name="name"/>, after <paramref name="prefix"/>, starts with a pid (not ours) that no longer runs.</summary>
    public static bool IsAbandoned(string name, string prefix = "")
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var rest = name.AsSpan(prefix.Length);
        var dash = rest.IndexOf('-');
        if (dash <= 0 || !int.TryParse(rest[..dash], out var pid) || pid == Environment.ProcessId) return false;
        return !IsAlive(pid);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            if (OperatingSystem.IsLinux() && IsZombie(pid)) return false;
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// A killed process that nobody reaps (reparented to a pid 1 that never waits, as in a container run
    /// without an init) stays a zombie for good; <see cref="Process.HasExited"/> still calls it running.
    /// </summary>
    private static bool IsZombie(int pid)
    {
        try
        {
            // "pid (comm) S ...": comm may hold spaces and parentheses, so the state follows the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close >= 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // gone (GetProcessById then says so) or unreadable (assume alive)
        }
    }
}
