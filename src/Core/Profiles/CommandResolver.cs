using Env.Core.Diagnostics;
using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.NuGet;
using Env.Core.Store;

namespace Env.Core.Profiles;

/// <summary>
/// Finds the commands of an installed tool: its <c>Bin</c> paths; else, for a .NET tool package, the
/// commands of DotnetToolSettings.xml; else, for an archive, the executables in <c>bin/</c> or at the root.
/// Every command name is judged by <see cref="CommandName"/>: packages and archives choose them.
/// </summary>
public static class CommandResolver
{
    /// <summary>
    /// The commands of every tool, refusing two tools that expose the same command name, and then the <c>dotnet-</c>
    /// names of the .NET tools' commands that no command takes (<see cref="DotnetCommandAlias"/>): what the profile's
    /// <c>bin/</c> holds.
    /// </summary>
    public static IReadOnlyList<Command> ResolveAll(IEnumerable<(ToolSpec Spec, LockEntry Entry)> tools, StoreLayout layout, string rid, string? projectFile)
    {
        var commands = tools.SelectMany(t => Resolve(t.Spec, t.Entry, layout, rid)).ToList();
        // Ignoring case everywhere, as the profile writer does: on Windows and macOS 'Foo' and 'foo' are one file,
        // and this check runs in the restore phase, before the lock is written.
        var clash = commands.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Select(c => c.Tool).Distinct().Count() > 1);
        if (clash is not null)
        {
            throw new EnvException(EnvCode.ENV0008,
                $"Command '{clash.Key}' is exposed by both '{string.Join("' and '", clash.Select(c => c.Tool).Distinct())}'. Keep one, or narrow one tool's commands with Bin=.",
                projectFile);
        }
        return DotnetCommandAlias.AddTo(commands);
    }

    /// <summary>The commands of one tool, without the <c>dotnet-</c> names <see cref="ResolveAll"/> adds.</summary>
    public static IReadOnlyList<Command> Resolve(ToolSpec spec, LockEntry entry, StoreLayout layout, string rid)
    {
        var commands = ResolveUnchecked(spec, entry, layout, rid);
        // One tool naming a command twice (a package declaring it twice) would have the second overwrite the first.
        var twice = commands.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new EnvException(EnvCode.ENV0018,
                $"Tool '{spec.Name}' exposes the command '{twice.Key}' more than once ({string.Join(", ", twice.Select(c => c.Target))}). Name the one you want with Bin=.",
                spec.DeclaredIn);
        }
        return commands;
    }

    private static List<Command> ResolveUnchecked(ToolSpec spec, LockEntry entry, StoreLayout layout, string rid)
    {
        var entryPath = layout.EntryPath(entry.StorePath);
        var commands = new List<Command>();
        foreach (var bin in spec.Bin)
        {
            var name = CommandName.Check(Path.GetFileName(bin), spec.Name, $"Bin path '{bin}'", "Fix Bin in env.proj.", spec.DeclaredIn);
            var target = Path.Combine(entryPath, bin);
            if (FileInside(entryPath, target) is null)
                throw new EnvException(EnvCode.ENV0006, $"Tool '{spec.Name}': Bin path '{bin}' is not a file in {entryPath}. Fix Bin in env.proj.", spec.DeclaredIn);
            commands.Add(new Command(name, spec.Name, CommandKind.Link, target));
        }
        if (commands.Count > 0) return commands;

        if (!spec.IsArchive)
        {
            var tool = DotnetToolManifest.TryRead(entryPath, rid);
            if (tool is { IsRidSpecificPointer: true })
            {
                var runtime = tool.RuntimeIdentifierPackage is { } p ? entry.RuntimePackages?.GetValueOrDefault(p.RuntimeIdentifier) : null;
                if (runtime is null || !layout.HasEntry(runtime.StorePath))
                    throw new EnvException(EnvCode.ENV0504, $"Tool '{spec.Name}': the package for this platform ({rid}) is not restored. Run 'dotnet restore'.", spec.DeclaredIn);
                entryPath = layout.EntryPath(runtime.StorePath);
                tool = DotnetToolManifest.TryRead(entryPath, rid);
            }
            if (tool is null || tool.Commands.Count == 0)
            {
                throw new EnvException(EnvCode.ENV0007,
                    $"Package {spec.PackageId} is not a .NET tool and names no commands. Add Bin=\"path/inside/package\" to the Tool item for each program it should expose.",
                    spec.DeclaredIn);
            }
            foreach (var c in tool.Commands)
            {
                var name = CommandName.Check(c.Name, spec.Name, $"package {spec.PackageId}'s DotnetToolSettings.xml",
                    "The package is broken or hostile; do not use this version.", spec.DeclaredIn);
                var target = Path.Combine(entryPath, c.ToolDirectory, c.EntryPoint);
                if (FileInside(entryPath, target) is null)
                    throw new EnvException(EnvCode.ENV0007, $"Package {spec.PackageId}: the tool's entry point {c.ToolDirectory}/{c.EntryPoint} is missing from the package.", spec.DeclaredIn);
                var kind = string.Equals(c.Runner, "dotnet", StringComparison.OrdinalIgnoreCase) ? CommandKind.DotnetShim : CommandKind.Link;
                commands.Add(new Command(name, spec.Name, kind, target, OfDotnetTool: true));
            }
            return commands;
        }

        var binDir = Path.Combine(entryPath, "bin");
        var searched = Directory.Exists(binDir) ? binDir : entryPath;
        foreach (var file in Directory.EnumerateFiles(searched).Order(StringComparer.Ordinal))
        {
            // A dangling link, or one leading out of the entry, is not a command of this tool.
            if (FileInside(entryPath, file) is not { } real || !ExecutableFile.Is(real)) continue;
            var name = CommandName.Check(Path.GetFileName(file), spec.Name, $"the archive's {(searched == binDir ? "bin/" : "root")}",
                "Name the commands to expose with Bin=\"path/inside/archive\".", spec.DeclaredIn);
            commands.Add(new Command(name, spec.Name, CommandKind.Link, file));
        }
        if (commands.Count == 0)
        {
            throw new EnvException(EnvCode.ENV0007,
                $"Tool '{spec.Name}' has no executable files in {(searched == binDir ? "bin/" : "its root")}. Name its commands with Bin=\"path/inside/archive\".",
                spec.DeclaredIn);
        }
        return commands;
    }

    /// <summary>
    /// The regular file <paramref name="path"/> is, following links, when it exists and stays inside the tool's
    /// entry; else null. Never throws for a dangling or looping link: an archive may hold either.
    /// </summary>
    private static string? FileInside(string entryPath, string path)
    {
        try
        {
            var info = new FileInfo(path);
            var real = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true);
            if (real is null || !real.Exists || real is not FileInfo) return null;
            var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(entryPath)) + Path.DirectorySeparatorChar;
            var full = Path.GetFullPath(real.FullName);
            return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
        }
        catch (IOException)
        {
            return null; // a link loop (ELOOP) or an unreadable link
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
