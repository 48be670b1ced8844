namespace Env.Core.Ide;

/// <summary>One variable in one of VS Code's settings objects (<c>terminal.integrated.env.linux</c>…); a null value removes it from the terminal.</summary>
public sealed record VsCodeEntry(string Setting, string Name, string? Value);
