namespace Env.Core.Profiles;

public enum CommandKind
{
    /// <summary>A symlink to an executable in the tool's store entry.</summary>
    Link,

    /// <summary>A script that starts a framework-dependent .NET tool's entry assembly with <c>dotnet exec</c>.</summary>
    DotnetShim,
}

/// <summary>One command the profile's <c>bin/</c> exposes.</summary>
/// <param name="OfDotnetTool">Declared by a .NET tool's DotnetToolSettings.xml: <c>dotnet NAME</c> answers it too (<see cref="DotnetCommandAlias"/>).</param>
/// <param name="AliasOf">Set on the <c>dotnet-</c> name of such a command: the command's own name, for choosing it with its command.</param>
public sealed record Command(string Name, string Tool, CommandKind Kind, string Target, bool OfDotnetTool = false, string? AliasOf = null);
