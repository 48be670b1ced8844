using Env.Core.Diagnostics;
using Env.Core.Fetching;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;

namespace Env.Core.NuGet;

/// <summary>
/// Pushes archive packages (<see cref="ArchivePackage"/>) with NuGet's own push (PackageUpdateResource): to a folder feed or
/// any NuGet server. A package already there is skipped: by its id it can only hold the same file.
/// </summary>
public sealed class ArchivePackagePusher
{
    private readonly PackageSource _source;
    private readonly string? _apiKey;
    private readonly IEnvLog _log;

    /// <param name="source">A nuget.config source name, an http(s) URL or a folder (<see cref="ArchiveFeeds"/>).</param>
    /// <param name="settingsRoot">Where the nuget.config lookup starts (the env's folder).</param>
    /// <param name="apiKey">The server's API key, when it wants one; else nuget.config's for the source, if any.</param>
    /// <param name="relativeTo">What a relative folder is relative to (default <paramref name="settingsRoot"/>).</param>
    public ArchivePackagePusher(string source, string settingsRoot, string? apiKey, IEnvLog log, string? relativeTo = null)
    {
        _source = ArchiveFeeds.Resolve(source, settingsRoot, "--source", null, relativeTo);
        _apiKey = apiKey;
        _log = log;
        NuGetClientSetup.EnsureConfigured();
        if (!_source.IsHttp && !_source.IsLocal)
            throw new EnvException(EnvCode.ENV0420, $"--source '{UrlRedaction.Redact(source)}' is neither an http(s) feed nor a folder.", null);
    }

    public string SourceName => _source.Name;

    /// <summary>ENV0422 when the source refuses a package (the reason, without credentials, in the message).</summary>
    public async Task PushAsync(IReadOnlyList<string> packages, TimeSpan timeout, CancellationToken ct)
    {
        if (packages.Count == 0) return;
        if (_source.IsLocal) Directory.CreateDirectory(_source.Source);
        try
        {
            var resource = await Repository.Factory.GetCoreV3(_source).GetResourceAsync<PackageUpdateResource>(ct).ConfigureAwait(false)
                ?? throw new EnvException(EnvCode.ENV0422, $"Source '{_source.Name}' does not accept pushes.", null);
            var nugetLog = new NuGetLogAdapter(_log);
            await resource.Push(packages.ToList(), symbolSource: null!, timeoutInSecond: (int)Math.Min(timeout.TotalSeconds, int.MaxValue), disableBuffering: false,
                getApiKey: _ => _apiKey ?? "", getSymbolApiKey: _ => null!, noServiceEndpoint: false, skipDuplicate: true,
                symbolPackageUpdateResource: null!,
                // What nuget.config says of the source (the push URL from its service index is checked by NuGet, not the source).
                allowInsecureConnections: _source.AllowInsecureConnections, log: nugetLog).ConfigureAwait(false);
            // NuGet refuses some pushes by logging an error and returning (an http source it may not use): not a success.
            if (nugetLog.Errors.Count > 0)
            {
                throw new EnvException(EnvCode.ENV0422,
                    $"Pushing to '{_source.Name}' failed: {UrlRedaction.Redact(string.Join(" ", nugetLog.Errors))} " +
                    "For a server over plain http, name it in nuget.config with allowInsecureConnections=\"true\" and push to that name; otherwise check the URL and that you may push there (--api-key, or credentials in nuget.config).",
                    null);
            }
        }
        catch (Exception e) when (e is not EnvException && !(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            var reason = e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message;
            throw new EnvException(EnvCode.ENV0422,
                $"Pushing to '{_source.Name}' failed: {UrlRedaction.Redact(reason)} Check the source's URL, that you may push there (--api-key, or credentials in nuget.config), and that it is reachable.",
                null, e);
        }
    }
}
