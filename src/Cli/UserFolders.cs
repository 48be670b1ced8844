using Env.Core.Run;
using Env.Core.State;
using Env.Core.Store;

namespace Env.Cli;

/// <summary>
/// Where <c>dotnet env</c> (and the launcher) find the user's store, download cache and state folder: the one place
/// outside MSBuild that reads ENVSDK_STORE, ENVSDK_CACHE, the XDG variables and ENVSDK_TRACE. Core takes the folders as
/// values (its <c>Default*Dir(environment)</c> compute them from a lookup it is given), as the tasks take them from the
/// properties Sdk.targets computes; DefaultsTests keeps the two equal.
/// </summary>
internal static class UserFolders
{
    public static string Store => StoreLayout.DefaultStoreDir(Environment.GetEnvironmentVariable);

    public static string Cache => StoreLayout.DefaultCacheDir(Environment.GetEnvironmentVariable);

    public static string State => StateLayout.DefaultStateDir(Environment.GetEnvironmentVariable);

    /// <summary>The run lock, in the state folder.</summary>
    public static string RunLock => Path.Combine(State, Env.Core.Run.RunLock.FileName);

    /// <summary>ENVSDK_TRACE: print the stack trace of an unexpected failure.</summary>
    public static bool TraceRequested => Environment.GetEnvironmentVariable("ENVSDK_TRACE") is "1" or "true";
}
