namespace Env.Core.Run;

/// <summary>
/// The program a run starts: a file inside one store entry, and how. <see cref="Link"/> programs are executed as they
/// are; <see cref="Dotnet"/> ones are a framework-dependent .NET tool's entry assembly, started with <c>dotnet exec</c>
/// as the profile's shims start them. Recorded in the run lock so a warm run needs nothing but this.
/// </summary>
public sealed record RunCommand
{
    public const string Link = "link";
    public const string Dotnet = "dotnet";

    /// <summary>The command's name (argv[0] of a program that is executed as is).</summary>
    public required string Name { get; init; }

    /// <summary><see cref="Link"/> or <see cref="Dotnet"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The store entry that holds the program: the tool's own, or its runtime package's.</summary>
    public required string Entry { get; init; }

    /// <summary>The program's path inside <see cref="Entry"/>, with '/'.</summary>
    public required string Path { get; init; }

    /// <summary>Why this record cannot be run, or null: a path that could leave its entry, an unknown kind.</summary>
    public string? Problem()
    {
        if (Kind is not (Link or Dotnet)) return $"its kind '{Kind}' is neither '{Link}' nor '{Dotnet}'";
        if (!Model.CommandName.IsValid(Name)) return "its name is not a plain file name";
        if (string.IsNullOrEmpty(Path) || Path.StartsWith('/') || Path.Contains('\\') || Path.Contains('\0')
            || Path.Split('/').Any(s => s is "" or "." or ".."))
            return "its path is not a plain relative path inside its entry";
        return null;
    }
}
