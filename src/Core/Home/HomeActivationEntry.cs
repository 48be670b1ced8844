namespace Env.Core.Home;

/// <summary>A <c>HomeActivation</c> item: a command a switch runs, in order, once the generation's files are in place.</summary>
public sealed record HomeActivationEntry(string Name, string Command);
