namespace Env.Core.NuGet;

/// <summary>A package version chosen from a feed.</summary>
/// <param name="Id">The package id as asked for (NuGet ids compare case-insensitively).</param>
/// <param name="Version">The normalized version (<c>1.3.0</c>, <c>2.0.0-beta.1</c>).</param>
/// <param name="Source">The name (nuget.config key) of the first configured source that holds this version.</param>
public sealed record PackageIdentityResolved(string Id, string Version, string Source);
