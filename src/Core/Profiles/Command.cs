namespace Env.Core.Profiles;

public enum CommandKind
{
    /// <summary>A symlink to an executable in the tool's store entry.</summary>
    Link,

    /// <summary>A script that starts a framework-dependent .NET tool's entry assembly with <c>dotnet exec</c>.</summary>
    DotnetShim,
}

/// <summary>One command the profile's <c>bin/</c> exposes.</summary>
public sealed record Command(string Name, string Tool, CommandKind Kind, string Target);
