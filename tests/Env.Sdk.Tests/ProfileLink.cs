namespace Env.Sdk.Tests;

/// <summary>The store entry a built env's <c>.envsdk/profile</c> link names: what its activate scripts put on PATH.</summary>
internal static class ProfileLink
{
    public static string Entry(string shellDir) => new FileInfo(Path.Combine(shellDir, "profile")).LinkTarget!;
}
