using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.Nix;

namespace Env.Core.Sharing;

/// <summary>One archive file an env's lock uses, on any platform, with the tools that use it.</summary>
/// <param name="Users">"tool (platform)" for each lock entry it serves.</param>
/// <param name="UrlAsWritten">The Url as env.proj has it (a relative path stays relative), for messages.</param>
public sealed record LockedArchive(IReadOnlyList<string> Users, Uri Url, string UrlAsWritten, ContentHash Hash, long Size)
{
    public string What => Users[0].Split(' ')[0];

    /// <summary>
    /// Every archive file in the lock at <paramref name="lockPath"/>, all platforms, each once (by hash). ENV0740 when the
    /// env has no lock yet: nothing says which files it uses until it is built.
    /// </summary>
    public static IReadOnlyList<LockedArchive> Read(string projectFile, string lockPath)
    {
        if (!File.Exists(lockPath))
            throw new EnvException(EnvCode.ENV0740, $"{lockPath} does not exist: the env has not been built, so nothing says which files it uses. Run 'dotnet env build' (or 'dotnet build -t:EnvLock' for every platform) first.", projectFile);
        var lockFile = LockFile.Load(lockPath);
        var byHash = new Dictionary<string, (List<string> Users, LockEntry Entry, string Tool)>(StringComparer.Ordinal);
        foreach (var (tool, byRid) in lockFile.Tools)
        {
            foreach (var (rid, entry) in byRid)
            {
                if (entry.Kind != LockEntry.ArchiveKind || entry.Url is null) continue;
                if (!byHash.TryGetValue(entry.SourceHash, out var seen)) byHash[entry.SourceHash] = seen = ([], entry, tool);
                seen.Users.Add($"{tool} ({rid})");
            }
        }
        return byHash.Values
            .Select(v => new LockedArchive(v.Users, ToolUrl.Parse(v.Tool, v.Entry.Url!, projectFile), v.Entry.Url!, ContentHash.Parse(v.Entry.SourceHash), v.Entry.Size))
            .OrderBy(a => a.Users[0], StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The file in the download cache, fetched (through the fetcher's mirrors and substitutes) when it is not there.</summary>
    public async Task<FetchedFile> EnsureCachedAsync(UrlFetcher fetcher, string projectFile, CancellationToken ct) =>
        await fetcher.FetchAsync(What, Url, Hash, Size > 0 ? Size : null, projectFile, ct, UrlAsWritten).ConfigureAwait(false);
}
