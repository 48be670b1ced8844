using Env.Core.Diagnostics;
using Env.Core.Home;
using Env.Core.State;
using Env.Core.Store;

namespace Env.Cli;

/// <summary>The home, state folder and store <c>dotnet env</c> switches in: HOME, and the defaults Sdk.targets computes too.</summary>
internal static class UserHome
{
    public static string Folder() =>
        Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public static HomeSwitcher Switcher(IEnvLog log) =>
        new(UserFolders.State, UserFolders.Store, Folder(), log);
}
