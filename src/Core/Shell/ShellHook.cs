namespace Env.Core.Shell;

/// <summary>
/// A <c>ShellHook</c> item: code the activate script of one shell family runs after the variables are set, and only
/// when the shell is interactive (Nix's shellHook, devenv's enterShell). Never part of <c>dotnet env print</c>.
/// </summary>
public sealed record ShellHook(ShellFamily Family, string Text);
