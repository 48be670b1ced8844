using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Nix;

namespace Env.Core.Home;

/// <summary>
/// Finds every file the <c>HomeFile</c> items name, and refuses, before anything is written, what must not reach the
/// store, which every user of the machine can read: a source that is not inside the project's folder once every link is
/// followed (<c>/etc/shadow</c>, <c>~/.ssh/id_rsa</c>, <c>../</c>, or a link in <c>dotfiles/</c> that leads there), a
/// device or fifo (ENV0044); two files at one place or a file where another needs a folder (ENV0045); more than
/// <see cref="MaxFiles"/> files or the byte budget (ENV0046); a place inside the store or the state folder (ENV0042).
/// Links inside a source folder that lead to a file or folder inside the project are taken as that content.
/// </summary>
public sealed class HomeSourceResolver
{
    /// <summary>Far more than anyone's home, still bounded: a source folder pointed at the wrong place stops here.</summary>
    public const int MaxFiles = 100_000;

    private readonly string _projectDir;
    private readonly string _realProject;
    private readonly long _maxBytes;
    private readonly int _maxFiles;
    private readonly string? _projectFile;
    private readonly IReadOnlyList<(string Place, string What)> _reserved;
    private readonly List<HomeFileSource> _files = [];

    /// <summary>The item each of <see cref="_files"/> comes from, to name both owners of a place (ENV0045).</summary>
    private readonly List<HomeFileSpec> _specOf = [];
    private readonly List<string> _inputs = [];
    private long _bytes;

    /// <param name="projectDir">The project's folder: sources are relative to it and must stay inside it.</param>
    /// <param name="homeDir">The home folder, to tell which of <paramref name="reservedDirs"/> are places in it.</param>
    /// <param name="reservedDirs">Folders no home file may be in or in place of (the store, the state folder), with what to call them.</param>
    /// <param name="maxBytes">The most bytes the files may hold together (EnvMaxUnpackedSize).</param>
    public HomeSourceResolver(string projectDir, string homeDir, IEnumerable<(string Dir, string What)> reservedDirs, long maxBytes, string? projectFile, int maxFiles = MaxFiles)
    {
        _projectDir = Path.GetFullPath(projectDir);
        _projectFile = projectFile;
        _realProject = RealPath.Of(_projectDir, _projectDir)
            ?? throw new EnvException(EnvCode.ENV0044, $"The project's folder {_projectDir} cannot be resolved (a link in its path dangles or loops).", projectFile);
        _maxBytes = maxBytes;
        _maxFiles = maxFiles;
        _reserved = reservedDirs.Select(r => (Place: HomeReservedPlace.Of(homeDir, r.Dir), r.What)).Where(r => r.Place is not null).Select(r => (r.Place!, r.What)).ToList();
    }

    public HomeSources Resolve(IReadOnlyList<HomeFileSpec> specs)
    {
        foreach (var spec in specs)
        {
            if (spec.Text is { } text)
            {
                var bytes = new UTF8Encoding(false).GetBytes(text);
                Count(spec.Path, bytes.Length);
                _files.Add(new HomeFileSource(spec.Path, spec.Mode, spec.Executable ?? false, null, bytes, bytes.Length));
                _specOf.Add(spec);
                continue;
            }
            var source = spec.Source!;
            var walked = Path.GetFullPath(Path.Combine(_projectDir, source));
            var real = RealPath.Of(source, _projectDir)
                ?? throw Source(spec, "does not exist, or a link on its way dangles or loops");
            if (!RealPath.IsInside(real, _realProject))
                throw Source(spec, $"leads to {PrintableText.Of(real)}, outside the project's folder {_realProject}; sources are copied into the store, which every user of this machine can read, so only files of the repository may be sources");
            if (spec.IsFolder)
            {
                if (!Directory.Exists(real)) throw Source(spec, "ends with '/' but is not a folder; name a file without the '/'");
                Walk(spec, real, spec.Path, walked, [real]);
            }
            else
            {
                if (Directory.Exists(real)) throw Source(spec, "is a folder; end Source with '/' to take everything in it");
                AddFile(spec, real, spec.Path, walked);
            }
        }
        CheckPlaces();
        return new HomeSources(_files, _inputs.Distinct().ToList());
    }

    private void Walk(HomeFileSpec spec, string realDir, string place, string walkedDir, HashSet<string> ancestors)
    {
        RefusePrivate(spec, walkedDir, new DirectoryInfo(realDir).UnixFileMode, "folder");
        _inputs.Add(Path.TrimEndingDirectorySeparator(walkedDir) + Path.DirectorySeparatorChar);
        var entries = Directory.EnumerateFileSystemEntries(realDir).Select(e => Path.GetFileName(e)!).Order(StringComparer.Ordinal).ToList();
        foreach (var name in entries)
        {
            var childPlace = place + "/" + name;
            if (HomePath.Refusal(childPlace) is { } why)
                throw new EnvException(EnvCode.ENV0042, $"HomeFile '{HomePath.Printable(spec.Path)}': the file {PrintableText.Of(Path.Combine(walkedDir, name))} would be '{HomePath.Printable(childPlace)}' in the home folder, which cannot be: {why}. Rename it, or move it out of Source=\"{spec.Source}\".", _projectFile);
            var full = Path.Combine(realDir, name);
            var walked = Path.Combine(walkedDir, name);
            var real = full;
            if (new FileInfo(full).LinkTarget is not null)
            {
                real = RealPath.Of(full, realDir) ?? throw Source(spec, $"holds the link {PrintableText.Of(walked)}, which dangles or loops");
                if (!RealPath.IsInside(real, _realProject))
                    throw Source(spec, $"holds the link {PrintableText.Of(walked)} to {PrintableText.Of(real)}, outside the project's folder {_realProject}; sources are copied into the store, which every user of this machine can read, so a link may only lead to files of the repository");
            }
            if (Directory.Exists(real))
            {
                if (!ancestors.Add(real)) throw Source(spec, $"holds the link {PrintableText.Of(walked)} to a folder that holds it");
                Walk(spec, real, childPlace, walked, ancestors);
                ancestors.Remove(real);
            }
            else
            {
                AddFile(spec, real, childPlace, walked);
            }
        }
    }

    private void AddFile(HomeFileSpec spec, string real, string place, string walked)
    {
        if (UnixFileType.DescribeSpecial(real) is { } special)
            throw Source(spec, $"holds {PrintableText.Of(walked)}, which is {special}, not a file");
        var info = new FileInfo(real);
        RefusePrivate(spec, walked, info.UnixFileMode, "file");
        Count(spec.Path, info.Length);
        var executable = spec.Executable ?? (!OperatingSystem.IsWindows() && (info.UnixFileMode & UnixFileMode.UserExecute) != 0);
        _files.Add(new HomeFileSource(place, spec.Mode, executable, real, null, info.Length));
        _specOf.Add(spec);
        _inputs.Add(walked);
    }

    /// <summary>
    /// A source that other users cannot read (a 0600 secret, a 0700 folder) is not published silently into the store,
    /// which every user can read, nor copied into the home 0644 from there (ENV0931): its owner made it private, and the
    /// build cannot tell a secret from a mistake. Only the source's own mode is looked at (and that of each folder a
    /// folder Source walks), not the folders above the project, which are often private as a whole (a 0700 home).
    /// </summary>
    private void RefusePrivate(HomeFileSpec spec, string walked, UnixFileMode mode, string what)
    {
        if (OperatingSystem.IsWindows()) return;
        var needed = what == "folder" ? UnixFileMode.OtherRead | UnixFileMode.OtherExecute : UnixFileMode.OtherRead;
        if ((mode & needed) == needed) return;
        throw new EnvException(EnvCode.ENV0931,
            $"HomeFile '{HomePath.Printable(spec.Path)}': the {what} {PrintableText.Of(walked)} is private (mode {Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0')}: other users cannot read it), and home files go through the store, which every user of this machine can read. Nothing was written. If it is not a secret, make it readable (chmod o+r{(what == "folder" ? "x" : "")}); if it is, keep it out of the home configuration and put it in the home yourself (or with a secret manager from a HomeActivation).",
            _projectFile);
    }

    private void Count(string path, long size)
    {
        _bytes += size;
        if (_files.Count + 1 > _maxFiles || _bytes > _maxBytes)
        {
            throw new EnvException(EnvCode.ENV0046,
                $"The HomeFile items come to more than {_maxFiles} files or {_maxBytes} bytes (EnvMaxUnpackedSize), reached at '{HomePath.Printable(path)}'. Point Source at the folder you mean, or raise EnvMaxUnpackedSize.",
                _projectFile);
        }
    }

    /// <summary>Two files at one place, a file where another needs a folder, or a place in a reserved folder.</summary>
    private void CheckPlaces()
    {
        var paths = new Dictionary<string, HomeFileSpec>(StringComparer.Ordinal);
        for (var i = 0; i < _files.Count; i++)
        {
            var f = _files[i];
            if (!paths.TryAdd(f.Path, _specOf[i]))
                throw new EnvException(EnvCode.ENV0045, $"Two items put a file at '{HomePath.Printable(f.Path)}': {Owners(paths[f.Path], _specOf[i])}. Keep one, give one another Include, or write both as HomeFragment items (one file joined in Order).", _projectFile);
        }
        for (var i = 0; i < _files.Count; i++)
        {
            var f = _files[i];
            for (var slash = f.Path.IndexOf('/'); slash > 0; slash = f.Path.IndexOf('/', slash + 1))
            {
                if (paths.TryGetValue(f.Path[..slash], out var parent))
                    throw new EnvException(EnvCode.ENV0045, $"'{HomePath.Printable(f.Path[..slash])}' is a HomeFile, and also the folder of the HomeFile '{HomePath.Printable(f.Path)}': {Owners(parent, _specOf[i])}. Keep one of them.", _projectFile);
            }
            foreach (var (place, what) in _reserved)
            {
                if (HomeReservedPlace.Overlaps(f.Path, place))
                    throw new EnvException(EnvCode.ENV0042, $"HomeFile '{HomePath.Printable(f.Path)}' would be in or in place of {what} (~/{place}), which Env.Sdk keeps itself. Give it another Include.", _projectFile);
            }
        }
    }

    /// <summary>Both items, by owner: "the HomeFile of module Env.Home.Git and the HomeFile of your configuration (…)"; one item twice (a folder source) once.</summary>
    private static string Owners(HomeFileSpec first, HomeFileSpec second) =>
        ReferenceEquals(first, second) ? first.Describe() : $"{first.Describe()} and {second.Describe()}";

    private EnvException Source(HomeFileSpec spec, string what) =>
        new(EnvCode.ENV0044, $"HomeFile '{HomePath.Printable(spec.Path)}': Source=\"{PrintableText.Of(spec.Source ?? "")}\" {what}. Sources are relative to the project's folder {_projectDir}.", _projectFile);
}
