using Env.Core.Archives;
using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.Nix;
using Env.Core.Store;

namespace Env.Core.Tools;

/// <summary>
/// Installs an archive (or bare program) tool: fetch and verify the pinned file, unpack it safely into
/// staging, and add it to the store, checking the NAR hash the lock expects when there is one.
/// </summary>
internal sealed class ArchiveInstaller(EnvStore store, UrlFetcher urls, long maxUnpackedBytes, IEnvLog log)
{
    /// <param name="expectedNar">The NAR hash the lock records, when rebuilding a locked entry.</param>
    /// <param name="expectedSize">The download size the lock records: the server may send no more than that.</param>
    public async Task<LockEntry> InstallAsync(ToolSpec spec, ContentHash? expectedNar, long? expectedSize, CancellationToken ct)
    {
        var fetched = await urls.FetchAsync(spec.Name, spec.Url!, spec.Hash, expectedSize, spec.DeclaredIn, ct, spec.UrlAsWritten).ConfigureAwait(false);
        return await Task.Run(() =>
        {
            var staging = store.NewStagingPath(spec.Name);
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                if (spec.Executable)
                {
                    Directory.CreateDirectory(staging);
                    // Named after the tool, not the download: 'jq', not 'jq-linux-amd64'.
                    var target = Path.Combine(staging, spec.Name);
                    File.Copy(fetched.Path, target);
                    StagedTool.MakeExecutable(target);
                }
                else
                {
                    var format = ArchiveFormats.FromFileName(spec.Url!.AbsolutePath)!.Value;
                    var unpacked = ArchiveExtractor.Extract(fetched.Path, format, staging,
                        new ExtractionOptions(UrlRedaction.Redact(spec.UrlAsWritten!), maxUnpackedBytes, spec.StripRoot, ReportedFile: spec.DeclaredIn), ct);
                    log.Detail($"Unpacked {spec.Name}: {unpacked.FileCount} files, {unpacked.UnpackedBytes} bytes in {clock.Elapsed.TotalSeconds:0.00}s");
                    clock.Restart();
                }
                StagedTool.PrepareBin(spec, staging, ct);
                var entry = store.Add(staging, EntryName.ForTool(spec.Name, spec.Version!), expectedNar, spec.DeclaredIn, ct);
                log.Detail($"Hashed and added {spec.Name} in {clock.Elapsed.TotalSeconds:0.00}s");
                return new LockEntry
                {
                    Kind = LockEntry.ArchiveKind,
                    Url = spec.UrlAsWritten,
                    Requested = spec.Version!,
                    Version = spec.Version!,
                    SourceHash = fetched.Hash.ToSri(),
                    Size = fetched.Size,
                    NarHash = entry.NarHash.ToSri(),
                    StorePath = entry.Name,
                    Executable = spec.Executable,
                    StripRoot = spec.StripRoot ? null : false,
                    Bin = spec.Bin,
                };
            }
            finally
            {
                // Gone whatever happened: moved into the store, or refused.
                ReadOnlyTree.Delete(staging);
            }
        }, ct).ConfigureAwait(false);
    }
}
