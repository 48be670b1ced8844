using Env.Core.Model;

namespace Env.Core.Profiles;

/// <summary>
/// The <c>dotnet-&lt;command&gt;</c> name a .NET tool's command also gets in the profile's <c>bin/</c>, so that
/// <c>dotnet &lt;command&gt;</c> (as CI lines write <c>dotnet csharpier</c>, <c>dotnet docfx</c>) finds it: the dotnet CLI
/// runs an <c>X</c> that is neither a built-in command nor a local tool of a <c>dotnet-tools.json</c> as the program
/// <c>dotnet-X</c> on PATH. The alias is the same program as the command (the same link or shim).
/// <list type="bullet">
/// <item>Only the commands of a .NET tool's DotnetToolSettings.xml: an archive's programs and <c>Bin</c> paths are
/// not .NET tools, and <c>dotnet X</c> was never their name.</item>
/// <item>A command already named <c>dotnet-x</c> gets none: <c>dotnet x</c> finds it as it is.</item>
/// <item>A command of the env named like an alias (another tool's <c>dotnet-x</c>, or the same tool's) wins, and that
/// alias is not written: it is what <c>dotnet x</c> runs when both tools are installed globally, on PATH; and nothing in
/// env.proj could choose otherwise (a .NET tool's commands are not narrowed by <c>Bin</c>). So no error, no warning.</item>
/// </list>
/// </summary>
public static class DotnetCommandAlias
{
    public const string Prefix = "dotnet-";

    /// <summary>
    /// The name <c>dotnet <paramref name="command"/></c> looks for on PATH, or null when there is none to add: the command
    /// is already so named (compared as the dotnet CLI does, ordinally), or the longer name is no plain file name (over
    /// <see cref="CommandName.MaxBytes"/>), which no file system would hold.
    /// </summary>
    public static string? NameFor(string command)
    {
        if (command.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var alias = Prefix + command;
        return CommandName.IsValid(alias) ? alias : null;
    }

    /// <summary>
    /// <paramref name="commands"/> (checked: no two share a name) and, after them, the alias of each .NET tool command
    /// whose alias is not already a command's name, ignoring case as the profile does (one file on Windows and macOS).
    /// </summary>
    public static IReadOnlyList<Command> AddTo(IReadOnlyList<Command> commands)
    {
        var names = new HashSet<string>(commands.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
        var all = new List<Command>(commands);
        foreach (var command in commands)
        {
            if (!command.OfDotnetTool || NameFor(command.Name) is not { } alias || !names.Add(alias)) continue;
            all.Add(command with { Name = alias, AliasOf = command.Name });
        }
        return all;
    }
}
