using System.Text;
using Env.Core.Store;

namespace Env.Core.Profiles;

/// <summary>
/// The profile is a store entry of its own, as Nix's buildEnv: <c>bin/</c> holds one link or shim per
/// command. Being content-addressed, an unchanged environment maps to the same entry and nothing is written.
/// </summary>
public static class ProfileBuilder
{
    public static StoreEntry Build(EnvStore store, string envName, IReadOnlyList<Command> commands, string? projectFile)
    {
        var staging = store.NewStagingPath(envName + "-profile");
        try
        {
            var bin = Directory.CreateDirectory(Path.Combine(staging, "bin")).FullName;
            foreach (var command in commands.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                var path = Path.Combine(bin, command.Name);
                if (command.Kind == CommandKind.Link)
                {
                    File.CreateSymbolicLink(path, command.Target);
                }
                else
                {
                    File.WriteAllText(path, DotnetShim(command), new UTF8Encoding(false));
                    if (!OperatingSystem.IsWindows())
                        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
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
    /// Runs the entry assembly with the dotnet host found at run time (DOTNET_ROOT first, as the .NET host
    /// does). A tool built for an older runtime rolls forward to a newer major only when its own is absent.
    /// </summary>
    private static string DotnetShim(Command command) =>
        $$"""
        #!/bin/sh
        # Env.Sdk shim for the .NET tool '{{command.Tool}}'.
        if [ -n "${DOTNET_ROOT:-}" ] && [ -x "$DOTNET_ROOT/dotnet" ]; then dotnet="$DOTNET_ROOT/dotnet"; else dotnet=dotnet; fi
        DOTNET_ROLL_FORWARD="${DOTNET_ROLL_FORWARD:-Major}" exec "$dotnet" exec {{ShellQuote.Posix(command.Target)}} "$@"

        """;
}
