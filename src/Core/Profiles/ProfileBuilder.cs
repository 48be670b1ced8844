using Env.Core.IO;
using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Model;
using Env.Core.Store;

namespace Env.Core.Profiles;

/// <summary>
/// The profile is a store entry of its own, as Nix's buildEnv: <c>bin/</c> holds one link or shim per
/// command (a .NET tool's command also under its <c>dotnet-</c> name, <see cref="DotnetCommandAlias"/>, which the
/// caller's list already holds). Being content-addressed, an unchanged environment maps to the same entry and nothing
/// is written.
/// </summary>
public static class ProfileBuilder
{
    public static StoreEntry Build(EnvStore store, string envName, IReadOnlyList<Command> commands, string? projectFile)
    {
        var staging = store.NewStagingPath(envName + "-profile");
        try
        {
            var bin = Directory.CreateDirectory(Path.Combine(staging, "bin")).FullName;
            // Names that differ only in case are one file on Windows and macOS.
            var written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var command in commands.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                var path = PathInBin(bin, command, projectFile);
                if (!written.Add(command.Name))
                {
                    throw new EnvException(EnvCode.ENV0008,
                        $"Two commands would both be bin/{command.Name} in the profile (one from '{command.Tool}'). Keep one, or narrow a tool's commands with Bin=.",
                        projectFile);
                }
                if (command.Kind == CommandKind.Link)
                {
                    File.CreateSymbolicLink(path, command.Target);
                }
                else
                {
                    File.WriteAllText(path, ShimText(command), new UTF8Encoding(false));
                    if (!OperatingSystem.IsWindows())
                        File.SetUnixFileMode(path, FileModes.Executable);
                }
            }
            return store.Add(staging, envName + "-profile", expectedNarHash: null, projectFile);
        }
        finally
        {
            ReadOnlyTree.Delete(staging);
        }
    }

    /// <summary>
    /// Defence in depth: whatever the callers checked, the profile writer itself creates nothing but a file
    /// directly in its own <c>bin/</c>.
    /// </summary>
    private static string PathInBin(string bin, Command command, string? projectFile)
    {
        var path = Path.GetFullPath(Path.Combine(bin, command.Name));
        if (!CommandName.IsValid(command.Name) || !string.Equals(Path.GetDirectoryName(path), Path.TrimEndingDirectorySeparator(bin), StringComparison.Ordinal))
        {
            throw new EnvException(EnvCode.ENV0602,
                $"Refused to write the command '{PrintableText.Of(command.Name)}' of tool '{command.Tool}': it would not be a file directly in the profile's bin/. Nothing was written. Report this: the name should have been refused earlier (ENV0017).",
                projectFile);
        }
        return path;
    }

    /// <summary>
    /// Runs the entry assembly with the dotnet host found at run time (DOTNET_ROOT first, as the .NET host
    /// does). A tool built for an older runtime rolls forward to a newer major only when its own is absent.
    /// That is said with <c>--roll-forward</c>, not by exporting DOTNET_ROLL_FORWARD, which every program the
    /// tool starts (a build it runs, another tool) would inherit; a DOTNET_ROLL_FORWARD the user set wins.
    /// </summary>
    /// <remarks>An image's profile (<c>Image/EnvImageBuilder</c>) writes the same text with the target where the image has it.</remarks>
    public static string ShimText(Command command) =>
        $$"""
        #!/bin/sh
        # Env.Sdk shim for the .NET tool '{{command.Tool}}'.
        if [ -n "${DOTNET_ROOT:-}" ] && [ -x "$DOTNET_ROOT/dotnet" ]; then dotnet="$DOTNET_ROOT/dotnet"; else dotnet=dotnet; fi
        if [ -n "${DOTNET_ROLL_FORWARD:-}" ]; then exec "$dotnet" exec {{ShellQuote.Posix(command.Target)}} "$@"; fi
        exec "$dotnet" exec --roll-forward Major {{ShellQuote.Posix(command.Target)}} "$@"

        """;
}
