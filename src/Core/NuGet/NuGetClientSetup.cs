using System.Reflection;
using NuGet.Common;
using NuGet.Credentials;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Protocol.Plugins;

namespace Env.Core.NuGet;

/// <summary>
/// NuGet's process-wide client state, set up as <c>dotnet restore</c> sets it (NuGet.Commands'
/// DefaultCredentialServiceUtility), once, before any feed is asked, so that a private feed serves tools exactly as it
/// serves packages:
/// <list type="bullet">
/// <item>credentials from nuget.config's <c>packageSourceCredentials</c> and their environment-variable form
/// <c>NuGetPackageSourceCredentials_&lt;source name&gt;</c> (<c>Username=…;Password=…</c>): NuGet.Configuration loads both
/// into each source, and its HTTP handler answers a 401 with them;</item>
/// <item>otherwise the credential service with the credential-provider plugins <c>dotnet restore</c> finds
/// (NUGET_PLUGIN_PATHS, else the default plugin folders under ~/.nuget/plugins), never allowed to prompt: a build has
/// no one to answer, and a provider that must sign in is signed in once by <c>dotnet restore --interactive</c>;</item>
/// <item>a versioned User-Agent (<c>Env.Sdk/x.y.z</c> before NuGet's own), so a feed's logs tell our requests apart.</item>
/// </list>
/// Credentials stay in memory: nothing here writes them, and messages name sources, never their secrets.
/// </summary>
public static class NuGetClientSetup
{
    private static readonly object Gate = new();
    private static bool _done;

    /// <summary>Env.Sdk's version as the package carries it (without the commit suffix).</summary>
    public static string Version { get; } =
        (typeof(NuGetClientSetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>The product token our requests start their User-Agent with.</summary>
    public static string ClientName => $"Env.Sdk/{Version} NuGet";

    public static void EnsureConfigured()
    {
        lock (Gate)
        {
            if (_done) return;
            _done = true;
            UserAgent.SetUserAgentString(new UserAgentStringBuilder(ClientName));
            // The plugins are found and started only when a feed asks for credentials that the source does not have.
            var providers = new AsyncLazy<IEnumerable<ICredentialProvider>>(async () =>
                await new SecurePluginCredentialProviderBuilder(PluginManager.Instance, canShowDialog: false, NullLogger.Instance).BuildAllAsync().ConfigureAwait(false));
            HttpHandlerResourceV3.CredentialService = new Lazy<global::NuGet.Configuration.ICredentialService>(
                () => new CredentialService(providers, nonInteractive: true, handlesDefaultCredentials: false));
        }
    }
}
