using System.Net;
using System.Security.Cryptography;
using Env.Core.Diagnostics;
using Env.Core.Nix;

namespace Env.Core.Fetching;

/// <summary>
/// Fetches http, https and file URLs into the download cache, hashing while the bytes stream by, and
/// admits a file only when its hash is the pinned one. As Nix does, a missing or wrong pin still fetches,
/// so the error can print the actual hash ready to paste.
/// </summary>
public sealed class UrlFetcher
{
    private static readonly HttpClient SharedClient = CreateClient();

    /// <summary>How long a transfer may go without receiving a byte; ENVSDK_STALL_TIMEOUT (seconds) overrides it.</summary>
    internal static TimeSpan StallTimeout { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("ENVSDK_STALL_TIMEOUT"), out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(60);
    private readonly DownloadCache _cache;
    private readonly IEnvLog _log;
    private readonly TransferTotals? _totals;

    public UrlFetcher(DownloadCache cache, IEnvLog log, TransferTotals? totals = null)
    {
        _cache = cache;
        _log = log;
        _totals = totals;
    }

    public static bool IsSupportedScheme(Uri url) =>
        url.Scheme is "http" or "https" or "file";

    /// <param name="what">The tool, for messages.</param>
    /// <param name="file">The project that pinned the URL, for errors.</param>
    public async Task<FetchedFile> FetchAsync(string what, Uri url, ContentHash? expected, string? file, CancellationToken ct)
    {
        if (!IsSupportedScheme(url))
            throw new EnvException("ENV0103", $"Tool '{what}': the URL scheme '{url.Scheme}' is not supported ({url}). Use http, https or file.", file);

        if (expected is { } pinned && _cache.TryGet(pinned) is { } cached)
        {
            _log.Detail($"Using cached download {cached} for {url}");
            return new FetchedFile(cached, pinned, new FileInfo(cached).Length);
        }

        var algorithm = expected?.Algorithm ?? HashAlgorithmKind.Sha256;
        var temp = _cache.NewTempPath();
        try
        {
            var (actual, size) = await DownloadWithRetriesAsync(what, url, temp, algorithm, file, ct).ConfigureAwait(false);
            if (expected is null)
            {
                throw new EnvException("ENV0101",
                    $"Tool '{what}' has no Hash. {url} has hash {actual.ToSri()}: after checking the file is the one you meant, add Hash=\"{actual.ToSri()}\" to the Tool item.",
                    file);
            }
            if (!expected.Value.Equals(actual))
            {
                throw new EnvException("ENV0102",
                    $"Tool '{what}': the file at {url} is not the one pinned. env.proj pins Hash=\"{expected.Value.ToSri()}\"; the file downloaded has {actual.ToSri()}. Nothing was installed. " +
                    $"Next: if you know upstream replaced the file and you trust the new one, set Hash=\"{actual.ToSri()}\" on the Tool item; " +
                    "otherwise do not use it (the download is corrupt or was tampered with): check the Url and report it upstream.",
                    file);
            }
            return new FetchedFile(_cache.Commit(temp, actual), actual, size);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Connection failures, transfers cut off and the server errors that mean "try later" (5xx, 408, 429) are
    /// retried twice with a short pause; anything else (404, a stall, a wrong hash) is final at once.
    /// </summary>
    private async Task<(ContentHash Hash, long Size)> DownloadWithRetriesAsync(string what, Uri url, string destination, HashAlgorithmKind algorithm, string? file, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DownloadAsync(what, url, destination, algorithm, file, ct).ConfigureAwait(false);
            }
            catch (TransientFetchException ex) when (attempt < MaxAttempts)
            {
                var pause = TimeSpan.FromSeconds(attempt);
                _log.Info($"{ex.Message.Split(". ")[0]}; trying again in {pause.TotalSeconds:0}s ({attempt + 1} of {MaxAttempts}).");
                if (File.Exists(destination)) File.Delete(destination);
                await Task.Delay(pause, ct).ConfigureAwait(false);
            }
        }
    }

    private const int MaxAttempts = 3;

    /// <summary>A failure worth another try; reported like any other when the tries run out.</summary>
    private sealed class TransientFetchException(string code, string message, string? file, Exception? inner = null)
        : EnvException(code, message, file, inner);

    private async Task<(ContentHash Hash, long Size)> DownloadAsync(string what, Uri url, string destination, HashAlgorithmKind algorithm, string? file, CancellationToken ct)
    {
        using var hasher = IncrementalHash.CreateHash(algorithm == HashAlgorithmKind.Sha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);
        long? total;
        Stream source;
        HttpResponseMessage? response = null;
        try
        {
            if (url.IsFile)
            {
                try
                {
                    source = new FileStream(url.LocalPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new EnvException("ENV0104", $"Tool '{what}': cannot read {url}: {ex.Message.TrimEnd('.')}. Check the path in Url.", file, ex);
                }
                total = source.Length;
            }
            else
            {
                using var headers = CancellationTokenSource.CreateLinkedTokenSource(ct);
                headers.CancelAfter(StallTimeout);
                try
                {
                    response = await SharedClient.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, headers.Token).ConfigureAwait(false);
                }
                catch (HttpRequestException ex)
                {
                    throw new TransientFetchException("ENV0104", $"Tool '{what}': cannot reach {url}: {ex.Message.TrimEnd('.')}. Check the URL and your network or proxy.", file, ex);
                }
                catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
                {
                    throw new EnvException("ENV0104", $"Tool '{what}': {url} did not answer within {StallTimeout.TotalSeconds:0}s. Check the server or your network, then build again.", file, ex);
                }
                if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
                {
                    throw new TransientFetchException("ENV0105", $"Tool '{what}': {url} answered {(int)response.StatusCode} {response.ReasonPhrase}. The server may be busy; build again later.", file);
                }
                if (!response.IsSuccessStatusCode)
                {
                    throw new EnvException("ENV0105",
                        $"Tool '{what}': {url} answered {(int)response.StatusCode} {response.ReasonPhrase}. Check the URL and version{(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " and your credentials" : "")}.",
                        file);
                }
                total = response.Content.Headers.ContentLength;
                source = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            }

            var progress = new TransferProgress(what, total, _log);
            var buffer = new byte[1 << 17];
            await using (source.ConfigureAwait(false))
            await using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                while (true)
                {
                    int read;
                    // A server that stops sending without closing would otherwise hang the build for ever.
                    using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    stall.CancelAfter(StallTimeout);
                    try
                    {
                        read = await source.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is IOException or HttpRequestException)
                    {
                        throw new TransientFetchException("ENV0104", $"Tool '{what}': the download of {url} broke off after {progress.Bytes} bytes: {ex.Message.TrimEnd('.')}. Run the build again.", file, ex);
                    }
                    catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
                    {
                        throw new EnvException("ENV0104", $"Tool '{what}': {url} sent nothing for {StallTimeout.TotalSeconds:0}s after {progress.Bytes} bytes. Check the server or your network, then build again.", file, ex);
                    }
                    if (read == 0) break;
                    hasher.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    progress.Advance(read);
                }
            }
            if (total is { } expectedLength && progress.Bytes != expectedLength)
                throw new TransientFetchException("ENV0104", $"Tool '{what}': {url} ended after {progress.Bytes} of {expectedLength} bytes. Run the build again.", file);
            if (url.IsFile) _log.Detail($"Copied and hashed {url} into the download cache: {TransferProgress.Size(progress.Bytes)}");
            else
            {
                progress.Done();
                _totals?.Add(progress.Bytes);
            }
            return (new ContentHash(algorithm, hasher.GetHashAndReset()), progress.Bytes);
        }
        finally
        {
            response?.Dispose();
        }
    }

    private static HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None, // the hash is of the bytes as published
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Env.Sdk/0.1");
        return client;
    }
}
