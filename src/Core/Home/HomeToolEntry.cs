namespace Env.Core.Home;

/// <summary>A tool of a home generation's profile and its version, as the lock pinned it: what a diff of two generations compares.</summary>
public sealed record HomeToolEntry(string Name, string Version);
