using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.Nix;
using Env.Core.NuGet;
using Env.Core.Profiles;
using Env.Core.Store;
using Env.Core.ToolSets;
using Env.Core.Tools;

namespace Env.Core.Run;

/// <summary>
/// The cold path of <c>dotnet env run</c>: makes a request real in the store with the same installers a build uses (so
/// every archive and package is checked as an env's tools are), picks the command to start, and says what the run lock
/// records. A locked request whose entries the store lost is rebuilt exactly, hashes checked, without asking a feed for
/// versions.
/// A failure is the installer's or the command's coded error, and the caller records nothing in the run lock: an entry
/// is recorded only once its tool is in the store and its command is found.
/// </summary>
public sealed class RunResolver : IDisposable
{
    private readonly InstallSettings _settings;
    private readonly InstallerSetup _setup;
    private readonly EnvStore _store;
    private readonly ToolInstaller _installer;
    private readonly FetchSources _sources;

    /// <param name="settings">
    /// The user's store and caches (the build's defaults), the feeds of <see cref="InstallSettings.NuGetSettingsRoot"/>
    /// (the current folder's nuget.config, as <c>dotnet tool</c> and <c>dnx</c> use it), and the machine's mirrors,
    /// substitutes and offline mode: a run fetches as a build does.
    /// </param>
    public RunResolver(InstallSettings settings, IEnvLog log)
    {
        _settings = settings with { Parallelism = 1 };
        _setup = new InstallerSetup(_settings, log);
        _store = _setup.Store;
        _store.SweepAbandonedStaging();
        // The machine's hashed mirrors and substitute feeds (ENVSDK_MIRRORS, ENVSDK_SUBSTITUTES) serve runs as they serve builds.
        _sources = _setup.Sources;
        _installer = _setup.Installer();
    }

    public StoreLayout Layout => _store.Layout;

    /// <summary><c>PACKAGE[@VERSION][#COMMAND]</c>, resolved afresh (no version: the newest stable one).</summary>
    /// <param name="bin">A path inside the package to run (<c>--bin</c>), instead of its commands.</param>
    /// <param name="oneCommand">
    /// A run starts one command: a tool with several and none named is then an error. A shell exposes them all, so it
    /// takes the first.
    /// </param>
    public async Task<RunLockEntry> ResolvePackageAsync(RunReference reference, string? bin, CancellationToken ct, bool oneCommand = true)
    {
        if (_sources.Offline)
            throw OfflineGap.Error([new OfflineGap(reference.Package, reference.Version ?? "(the newest)", _settings.Rid, "it is not in the run lock, and offline nothing is resolved afresh")], null);
        var spec = new ToolSpec
        {
            Name = reference.Package,
            Package = reference.Package,
            Version = reference.Version ?? "*",
            Bin = bin is null ? [] : [CheckedBin(bin)],
        };
        var isSet = false;
        var entry = await _installer.InstallAsync(spec, null, Options(), ct, refine: staging =>
        {
            if (spec.Bin.Count > 0 || PackageInstaller.ReadStagedManifest(staging, _settings.Rid, reference.Package, null) is not null) return spec;
            // A tool set (SET@VERSION#tool): the package is kept as it is, and the tool it defines is installed next.
            isSet = reference.Command is not null && File.Exists(Path.Combine(staging, "Sdk", "Sdk.props"))
                && PackageProgram.Find(staging, reference.Command).Count == 0;
            return isSet ? spec : spec with { Bin = [Program(staging, reference)] };
        }).ConfigureAwait(false);
        if (isSet) return await ResolveFromSetAsync(reference, entry, oneCommand, ct).ConfigureAwait(false);
        var command = Choose(spec with { Bin = entry.Bin }, entry, reference.Command, reference.ToString(), oneCommand);
        return Record(spec.Name, entry, command);
    }

    /// <summary>
    /// <c>SET@VERSION#tool</c>: the tool the set package defines for this platform (an archive pinned by its hash, or a
    /// package), installed as an env that uses the set would install it. The run lock records the tool's own pins, so
    /// a later run needs neither the set nor its feed.
    /// </summary>
    private async Task<RunLockEntry> ResolveFromSetAsync(RunReference reference, LockEntry setEntry, bool oneCommand, CancellationToken ct)
    {
        var set = ToolSetPackage.Read(_store.Layout.EntryPath(setEntry.StorePath), setEntry.Package);
        var spec = ToolSetPackage.Pick(set, reference.Command!, _settings.Rid);
        var entry = await _installer.InstallAsync(spec, null, Options(), ct).ConfigureAwait(false);
        var command = Choose(spec with { Bin = entry.Bin }, entry, null, $"{reference} (tool set {set.Name})", oneCommand);
        return Record(spec.Name, entry, command) with { ToolSet = setEntry };
    }

    /// <summary><c>--url URL --hash HASH [--bin PATH]</c>: an archive (or a bare program) pinned by the hash of the file.</summary>
    /// <param name="urlText">As the user wrote it: an http, https or file URL, or a path relative to <paramref name="baseDir"/>.</param>
    public async Task<RunLockEntry> ResolveUrlAsync(string urlText, ContentHash hash, string? bin, string baseDir, CancellationToken ct)
    {
        var url = ToolUrl.Parse("(--url)", urlText, Path.Combine(baseDir, "env.proj"));
        var (name, version) = UrlToolName.Infer(url);
        name = name is not null && StorePathName.IsValid(name) ? name : "tool";
        var format = Archives.ArchiveFormats.FromFileName(url.AbsolutePath);
        var spec = new ToolSpec
        {
            Name = name,
            // The entry is named by it; a file whose name has no version is named by its hash instead.
            Version = version ?? hash.ToHex()[..12],
            Url = url,
            UrlAsWritten = urlText,
            Hash = hash,
            Executable = format is null,
            Bin = bin is null ? [] : [CheckedBin(bin)],
        };
        if (spec.Executable && bin is not null)
            throw new EnvException(EnvCode.ENV0754, $"{UrlRedaction.Redact(urlText)} is not an archive (.tar.gz, .tgz, .tar.xz, .tar.bz2, .tar.zst, .tar, .zip) but a program: it is run as it is, and takes no --bin.");
        if (_sources.Offline && _installer.MissingOffline(spec, null) is { } gap) throw OfflineGap.Error([gap], null);
        var entry = await _installer.InstallAsync(spec, null, Options(), ct).ConfigureAwait(false);
        var command = Choose(spec, entry, null, UrlRedaction.Redact(urlText));
        return Record(spec.Name, entry, command);
    }

    /// <summary>A locked request as it is when the store holds all its entries, else <see cref="RestoreAsync"/>.</summary>
    public Task<RunLockEntry> EnsureAsync(RunLockEntry locked, CancellationToken ct) =>
        locked.StoreEntries().All(_store.Contains) ? Task.FromResult(locked) : RestoreAsync(locked, ct);

    /// <summary>Puts back the store entries of a locked request (gc, another store), byte for byte as locked, or fails.</summary>
    public async Task<RunLockEntry> RestoreAsync(RunLockEntry locked, CancellationToken ct)
    {
        if (_sources.Offline && _installer.MissingOffline(SpecOf(locked), locked.Entry) is { } gap) throw OfflineGap.Error([gap], null);
        var restored = await _installer.InstallAsync(SpecOf(locked), locked.Entry, Options(), ct).ConfigureAwait(false);
        return locked with { Entry = restored };
    }

    /// <summary>
    /// A profile store entry whose <c>bin/</c> has the commands of these tools (each <c>Only</c> its chosen command, else
    /// all of them) and their <c>dotnet-</c> names, as an env's profile has its tools': what <c>dotnet env shell TOOL…</c> puts on PATH.
    /// </summary>
    /// <returns>The profile's entry name.</returns>
    public string Profile(IReadOnlyList<(RunLockEntry Tool, bool Only)> tools)
    {
        // The dotnet- names are chosen again among the commands kept: one left out takes no alias's name.
        var commands = CommandResolver.ResolveAll(tools.Select(t => (SpecOf(t.Tool), t.Tool.Entry)), _store.Layout, _settings.Rid, null)
            .Where(c => c.AliasOf is null && tools.Any(t => t.Tool.Tool == c.Tool && (!t.Only || t.Tool.Command.Name == c.Name)))
            .ToList();
        return ProfileBuilder.Build(_store, "shell", DotnetCommandAlias.AddTo(commands), null).Name;
    }

    /// <summary>The tool item a run lock entry stands for, as a build would have parsed it.</summary>
    private static ToolSpec SpecOf(RunLockEntry locked)
    {
        var e = locked.Entry;
        return new ToolSpec
        {
            Name = locked.Tool,
            Package = e.Package,
            Version = e.Requested,
            Url = e.Url is null ? null : ToolUrl.Parse(locked.Tool, e.Url, null),
            UrlAsWritten = e.Url,
            Hash = e.Url is null ? null : ContentHash.Parse(e.SourceHash),
            Executable = e.Executable,
            StripRoot = e.StripRoot ?? true,
            Bin = e.Bin,
        };
    }

    private RestoreOptions Options() => _setup.RestoreOptions();

    /// <summary>The command to start: the one named, the only one, or the one named like the tool.</summary>
    private RunCommand Choose(ToolSpec spec, LockEntry entry, string? wanted, string shown, bool oneCommand = true)
    {
        var commands = CommandResolver.Resolve(spec, entry, _store.Layout, _settings.Rid);
        Command? chosen;
        if (wanted is not null)
        {
            chosen = commands.FirstOrDefault(c => string.Equals(c.Name, wanted, StringComparison.Ordinal))
                ?? commands.FirstOrDefault(c => string.Equals(c.Name, wanted, StringComparison.OrdinalIgnoreCase))
                // A Bin chosen for '#COMMAND' of a program package may carry an extension (protoc.exe).
                ?? (commands.Count == 1 && spec.Bin.Count == 1 ? commands[0] : null);
            if (chosen is null)
                throw new EnvException(EnvCode.ENV0755, $"{shown} has no command '{PrintableText.Of(wanted)}'. Its commands: {string.Join(", ", commands.Select(c => PrintableText.Name(c.Name)))}.");
        }
        else if (commands.Count == 1)
        {
            chosen = commands[0];
        }
        else
        {
            chosen = commands.FirstOrDefault(c => string.Equals(c.Name, spec.Name, StringComparison.OrdinalIgnoreCase))
                ?? (oneCommand ? null : commands[0]);
            if (chosen is null)
            {
                var example = spec.IsArchive ? $"--bin {Path.GetRelativePath(_store.Layout.EntryPath(entry.StorePath), commands[0].Target).Replace('\\', '/')}" : $"{spec.PackageId}#{commands[0].Name}";
                throw new EnvException(EnvCode.ENV0755,
                    $"{shown} has {commands.Count} commands ({string.Join(", ", commands.Select(c => c.Name))}); say which to run, e.g. {example}.");
            }
        }
        var entries = new[] { entry.StorePath }.Concat((entry.RuntimePackages ?? []).Values.Select(r => r.StorePath));
        var home = entries.First(n => IsInside(_store.Layout.EntryPath(n), chosen.Target));
        return new RunCommand
        {
            Name = chosen.Name,
            Kind = chosen.Kind == CommandKind.DotnetShim ? RunCommand.Dotnet : RunCommand.Link,
            Entry = home,
            Path = Path.GetRelativePath(_store.Layout.EntryPath(home), chosen.Target).Replace('\\', '/'),
        };
    }

    private RunLockEntry Record(string tool, LockEntry entry, RunCommand command) =>
        new() { Rid = _settings.Rid, Tool = tool, Entry = entry, Command = command, Resolved = DateTime.UtcNow };

    private string Program(string staging, RunReference reference)
    {
        if (reference.Command is null)
        {
            var programs = ProgramCandidates.In(staging);
            throw new EnvException(EnvCode.ENV0753,
                $"Package {reference.Package} is not a .NET tool (it has no DotnetToolSettings.xml). " +
                (programs.Count == 0 ? "No file in it looks like a program either: check the package id." : $"Programs in it: {ProgramCandidates.Describe(programs)}. Name one: {reference.Package}{(reference.Version is null ? "" : "@" + reference.Version)}#NAME, or --bin PATH."));
        }
        return PackageProgram.Choose(staging, reference.Command, _settings.Rid, reference.Package);
    }

    private static string CheckedBin(string bin)
    {
        var normal = bin.Replace('\\', '/');
        if (normal.Length == 0 || normal.StartsWith('/') || normal.Split('/').Any(s => s is "" or "." or "..") || normal.Any(char.IsControl))
            throw new EnvException(EnvCode.ENV0754, $"--bin '{PrintableText.Of(bin)}' is not a plain relative path inside the tool (no leading '/', no '.' or '..').");
        return normal;
    }

    private static bool IsInside(string folder, string path) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    public void Dispose() => _setup.Dispose();
}
