using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Nix;

namespace Env.Core.Fetching;

/// <summary>
/// Fetches http, https and file URLs into the download cache, hashing while the bytes stream by, and
/// admits a file only when its hash is the pinned one. As Nix does, a missing or wrong pin still fetches,
/// so the error can print the actual hash ready to paste. Every URL in a message goes through
/// <see cref="UrlRedaction"/>; every download is bounded in size and time (<see cref="DownloadLimits"/>).
/// <list type="number">
/// <item>The cache: a pinned file already there is used as is.</item>
/// <item>Substitutes, then hashed mirrors in order (<see cref="FetchSources"/>), for a sha256 pin; a miss there is a
/// warning (ENV0125) and the next source is tried. Offline, only local mirrors and file URLs (else ENV0120).</item>
/// <item>The URL: streamed to a temporary file under the size cap, the stall timeout and the whole-download deadline;
/// retried twice for what means "try later" (connection failures, 5xx, 408, 429).</item>
/// <item>Verify, then commit into the cache by the hash.</item>
/// </list>
/// Nothing partial or unverified stays in the cache, whatever stopped the download; a wrong hash (ENV0102), a missing
/// one (ENV0101), a stall (ENV0104) or the deadline (ENV0107) is final at once.
/// </summary>
public sealed class UrlFetcher
{
    private static readonly HttpClient SharedClient = CreateClient();

    /// <summary>Real download links need two or three hops (a release page to a CDN); more is a loop or a misconfiguration.</summary>
    internal const int MaxRedirects = 10;

    private readonly DownloadCache _cache;
    private readonly IEnvLog _log;
    private readonly TransferTotals? _totals;
    private readonly DownloadLimits _limits;
    private readonly FetchSources _sources;

    /// <param name="sources">Substitutes and hashed mirrors tried before a pinned URL, and offline mode; none by default.</param>
    public UrlFetcher(DownloadCache cache, IEnvLog log, TransferTotals? totals = null, DownloadLimits? limits = null, FetchSources? sources = null)
    {
        _cache = cache;
        _log = log;
        _totals = totals;
        _limits = limits ?? DownloadLimits.Default;
        _sources = sources ?? FetchSources.None;
    }

    /// <summary>Whether this fetcher may use the network (not offline).</summary>
    public bool Offline => _sources.Offline;

    public static bool IsSupportedScheme(Uri url) =>
        url.Scheme is "http" or "https" or "file";

    /// <summary>One download as the messages describe it.</summary>
    /// <param name="Shown">The URL as printed: redacted, and as the user wrote it.</param>
    /// <param name="Cap">The most bytes the download may have.</param>
    /// <param name="CapFromLock">Whether <paramref name="Cap"/> is the size the lock records (else the configured maximum).</param>
    private sealed record Request(string What, Uri Url, string Shown, string? File, long Cap, bool CapFromLock);

    /// <param name="what">The tool, for messages.</param>
    /// <param name="shownAs">How messages name the URL (what env.proj says, e.g. a relative path); the URL itself when null. Redacted either way.</param>
    /// <param name="expectedSize">The size the lock records for this file, if any: more bytes than that cannot be the pinned file.</param>
    /// <param name="file">The project that pinned the URL, for errors.</param>
    public Task<FetchedFile> FetchAsync(string what, Uri url, ContentHash? expected, long? expectedSize, string? file, CancellationToken ct, string? shownAs = null) =>
        FetchAsync(what, url, expected, expectedSize, file, pinRequired: true, ct, shownAs);

    /// <summary>
    /// Downloads a file no one has pinned yet (<c>dotnet env add --url</c>) under the same limits, and keeps it in the
    /// cache under the sha256 it has: the hash to write into env.proj, and the file the next build finds there.
    /// </summary>
    public Task<FetchedFile> FetchUnpinnedAsync(string what, Uri url, string? file, CancellationToken ct, string? shownAs = null) =>
        FetchAsync(what, url, expected: null, expectedSize: null, file, pinRequired: false, ct, shownAs);

    private async Task<FetchedFile> FetchAsync(string what, Uri url, ContentHash? expected, long? expectedSize, string? file, bool pinRequired, CancellationToken ct, string? shownAs)
    {
        var shown = UrlRedaction.Redact(shownAs ?? url.OriginalString);
        if (!IsSupportedScheme(url))
            throw new EnvException(EnvCode.ENV0103, $"Tool '{what}': the URL scheme '{url.Scheme}' is not supported ({shown}). Use http, https or file.", file);

        if (expected is { } pinned && _cache.TryGet(pinned) is { } cached)
        {
            _log.Detail($"Using cached download {cached} for {shown}");
            return new FetchedFile(cached, pinned, new FileInfo(cached).Length);
        }

        var fromLock = expectedSize is > 0 && expectedSize.Value <= _limits.MaxBytes;
        var request = new Request(what, url, shown, file, fromLock ? expectedSize!.Value : _limits.MaxBytes, fromLock);
        if (expected is { Algorithm: HashAlgorithmKind.Sha256 } hashed)
        {
            // As Nix's substituters and hashed mirrors: a file named by its hash is the same file wherever it comes from,
            // and it is verified here whoever served it, so these are tried before the URL.
            if (_sources.Substitutes is { } substitutes && !_sources.Offline
                && await TrySubstitutesAsync(substitutes, request, hashed, ct).ConfigureAwait(false) is { } substituted)
                return substituted;
            foreach (var mirror in _sources.Mirrors.Where(m => !_sources.Offline || m.IsFile))
            {
                if (await TryMirrorAsync(request, mirror, hashed, ct).ConfigureAwait(false) is { } mirrored)
                    return mirrored;
            }
        }
        if (_sources.Offline && !url.IsFile)
            throw OfflineGap.Error([new OfflineGap(what, "", "", $"{shown} is not in the download cache")], file);
        var algorithm = expected?.Algorithm ?? HashAlgorithmKind.Sha256;
        var temp = _cache.NewTempPath();
        // A server trickling a byte a second never trips the stall timeout: only this clock stops it.
        using var deadline = _limits.Deadline(ct);
        try
        {
            var (actual, size) = await DownloadWithRetriesAsync(request, temp, algorithm, deadline.Token).ConfigureAwait(false);
            if (expected is null && !pinRequired) return new FetchedFile(_cache.Commit(temp, actual), actual, size);
            if (expected is null)
            {
                throw new EnvException(EnvCode.ENV0101,
                    $"Tool '{what}' has no Hash. {shown} has hash {actual.ToSri()}: after checking the file is the one you meant, add Hash=\"{actual.ToSri()}\" to the Tool item.",
                    file);
            }
            if (!expected.Value.Equals(actual))
            {
                throw new EnvException(EnvCode.ENV0102,
                    $"Tool '{what}': the file at {shown} is not the one pinned. The pin is {expected.Value.ToSri()}; the file downloaded has {actual.ToSri()}. Nothing was installed. " +
                    $"Next: if you know upstream replaced the file and you trust the new one, pin {actual.ToSri()} instead (the Tool item's Hash, or run's --hash); " +
                    "otherwise do not use it (the download is corrupt or was tampered with): check the Url and report it upstream.",
                    file);
            }
            return new FetchedFile(_cache.Commit(temp, actual), actual, size);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new EnvException(EnvCode.ENV0107,
                $"Tool '{what}': the download of {shown} did not finish within {_limits.Timeout.TotalSeconds:0}s (EnvDownloadTimeout). The server is sending too slowly; if your connection really is this slow, raise EnvDownloadTimeout. Nothing was installed.",
                file, ex);
        }
        finally
        {
            // Nothing partial stays in the cache, whatever stopped the download.
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// One hashed mirror, tried once (no retries: the next mirror or the URL is the fallback). Anything short of the pinned
    /// file is a miss: an error answer, no answer, a file too large or with another hash, which is discarded, never cached.
    /// </summary>
    private async Task<FetchedFile?> TryMirrorAsync(Request request, Uri mirror, ContentHash expected, CancellationToken ct)
    {
        var url = HashedMirrors.UrlFor(mirror, expected)!;
        var shownMirror = UrlRedaction.Redact(mirror.AbsoluteUri);
        var attempt = request with { Url = url, Shown = UrlRedaction.Redact(url.AbsoluteUri) };
        var temp = _cache.NewTempPath();
        using var deadline = _limits.Deadline(ct);
        try
        {
            var (actual, size) = await DownloadAsync(attempt, temp, expected.Algorithm, deadline.Token).ConfigureAwait(false);
            if (!actual.Equals(expected))
            {
                _log.Warning(EnvCode.ENV0125,
                    $"Tool '{request.What}': hashed mirror {shownMirror} serves a file with hash {actual.ToSri()} for {expected.ToSri()}; it was discarded (not cached). The mirror's copy is corrupt or was replaced: remove it there. Trying the next source.",
                    request.File);
                return null;
            }
            _log.Info($"Fetched {request.What} from hashed mirror {shownMirror} (instead of {request.Shown})");
            return new FetchedFile(_cache.Commit(temp, actual), actual, size);
        }
        catch (EnvException e)
        {
            _log.Info($"Hashed mirror {shownMirror} does not serve {request.What} ({e.Code}: {Reason(e)}); trying the next source.");
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _log.Info($"Hashed mirror {shownMirror} did not finish {request.What} within {_limits.Timeout.TotalSeconds:0}s; trying the next source.");
            return null;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The substitutes (NuGet feeds holding archives by hash), verified here as any download is.</summary>
    private async Task<FetchedFile?> TrySubstitutesAsync(IArchiveSubstitutes substitutes, Request request, ContentHash expected, CancellationToken ct)
    {
        var temp = _cache.NewTempPath();
        try
        {
            var from = await substitutes.TryFetchAsync(request.What, expected, temp, request.Cap, ct).ConfigureAwait(false);
            if (from is null || !File.Exists(temp)) return null;
            ContentHash actual;
            long size;
            await using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            {
                size = stream.Length;
                actual = new ContentHash(HashAlgorithmKind.Sha256, await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
            }
            if (!actual.Equals(expected) || size > request.Cap)
            {
                _log.Warning(EnvCode.ENV0125,
                    $"Tool '{request.What}': {from} holds a file with hash {actual.ToSri()} ({size} bytes) for {expected.ToSri()}; it was discarded (not cached). Remove that package there. Trying the next source.",
                    request.File);
                return null;
            }
            _log.Info($"Fetched {request.What} from {from} (instead of {request.Shown})");
            return new FetchedFile(_cache.Commit(temp, actual), actual, size);
        }
        catch (EnvException e)
        {
            _log.Info($"No substitute served {request.What} ({e.Code}: {Reason(e)}); trying the next source.");
            return null;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The first sentence of an error, redacted, for a line about a miss that the next source may make good.</summary>
    private static string Reason(EnvException e) => UrlRedaction.Redact(e.Message.Split(". ")[0].TrimEnd('.'));

    /// <summary>
    /// Connection failures, transfers cut off and the server errors that mean "try later" (5xx, 408, 429) are
    /// retried twice with a short pause; anything else (404, a stall, a wrong hash, too large) is final at once.
    /// </summary>
    private async Task<(ContentHash Hash, long Size)> DownloadWithRetriesAsync(Request request, string destination, HashAlgorithmKind algorithm, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DownloadAsync(request, destination, algorithm, ct).ConfigureAwait(false);
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
    private sealed class TransientFetchException(EnvCode code, string message, string? file, Exception? inner = null)
        : EnvException(code, message, file, inner);

    private async Task<(ContentHash Hash, long Size)> DownloadAsync(Request request, string destination, HashAlgorithmKind algorithm, CancellationToken ct)
    {
        var (what, url, shown, file) = (request.What, request.Url, request.Shown, request.File);
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
                    source = OpenLocal(request);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new EnvException(EnvCode.ENV0104, $"Tool '{what}': cannot read {shown}: {UrlRedaction.Redact(ex.Message.TrimEnd('.'))}. Check the path in Url.", file, ex);
                }
                // A device such as /dev/zero reports 0 and is stopped by the byte count below.
                total = source.CanSeek && source.Length > 0 ? source.Length : null;
            }
            else
            {
                response = await GetFollowingRedirectsAsync(request, ct).ConfigureAwait(false);
                total = response.Content.Headers.ContentLength;
                source = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            }
            // Refused before a byte is read: the announced size alone says it is not the file we want.
            if (total > request.Cap)
            {
                await source.DisposeAsync().ConfigureAwait(false);
                throw TooLarge(request, $"announces {total} bytes");
            }

            var progress = new TransferProgress(what, total, _log);
            var buffer = new byte[1 << 17];
            try
            {
            await using (source.ConfigureAwait(false))
            await using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                while (true)
                {
                    int read;
                    // A server that stops sending without closing would otherwise hang the build for ever.
                    using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    stall.CancelAfter(_limits.StallTimeout);
                    try
                    {
                        read = await source.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is IOException or HttpRequestException)
                    {
                        throw new TransientFetchException(EnvCode.ENV0104, $"Tool '{what}': the download of {shown} broke off after {progress.Bytes} bytes: {UrlRedaction.Redact(ex.Message.TrimEnd('.'))}. Run the build again.", file, ex);
                    }
                    catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
                    {
                        throw new EnvException(EnvCode.ENV0104, $"Tool '{what}': {shown} sent nothing for {_limits.StallTimeout.TotalSeconds:0}s after {progress.Bytes} bytes. Check the server or your network, then build again.", file, ex);
                    }
                    if (read == 0) break;
                    // Stop at the first byte over: a server streaming zeros would otherwise fill the disk.
                    if (progress.Bytes + read > request.Cap) throw TooLarge(request, $"sent more than {request.Cap} bytes");
                    hasher.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    progress.Advance(read);
                }
            }
            }
            catch (IOException ex) when (DiskFull.Find(ex) is { } full)
            {
                // The write into the download cache, not the server: a full disk is named as such, never retried.
                throw DiskFull.Error(EnvCode.ENV0112, _cache.Dir, $"the download of {what} ({shown}, {progress.Bytes} bytes so far)",
                    "or set ENVSDK_CACHE to a folder on another disk", file, full);
            }
            if (total is { } expectedLength && progress.Bytes != expectedLength)
                throw new TransientFetchException(EnvCode.ENV0104, $"Tool '{what}': {shown} ended after {progress.Bytes} of {expectedLength} bytes. Run the build again.", file);
            if (url.IsFile) _log.Detail($"Copied and hashed {shown} into the download cache: {TransferProgress.Size(progress.Bytes)}");
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

    /// <summary>
    /// A file URL's file, opened without blocking: a fifo (or a socket) at the path would block the open, and then each
    /// read, for ever, and neither the stall timeout nor EnvDownloadTimeout can stop a blocked open. So it is refused
    /// (ENV0110) on the open handle's own type; a device such as /dev/zero is read, and stopped by the byte count.
    /// </summary>
    private static Stream OpenLocal(Request request)
    {
        var path = request.Url.LocalPath;
        var handle = Nix.UnixFileType.OpenRegular(path, out _, out _, out var special);
        if (handle is null) return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if ((special is not null && special.Contains("fifo", StringComparison.Ordinal)) || special is "a socket")
        {
            handle.Dispose();
            throw new EnvException(EnvCode.ENV0110,
                $"Tool '{request.What}': {request.Shown} is {special}, not a file: reading it would wait for a writer for ever. Point Url at the archive itself.",
                request.File);
        }
        return new FileStream(handle, FileAccess.Read, 1 << 16);
    }

    private static EnvException TooLarge(Request request, string what) =>
        new(EnvCode.ENV0106, request.CapFromLock
            ? $"Tool '{request.What}': {request.Shown} {what}, but env.lock.json records {request.Cap} bytes for it. The server is not serving the file the lock pins; nothing was installed."
            : $"Tool '{request.What}': {request.Shown} {what}, more than EnvMaxDownloadSize ({request.Cap} bytes). If the file really is this large, raise EnvMaxDownloadSize; otherwise the server is misbehaving. Nothing was installed.",
            request.File);

    /// <summary>
    /// Follows redirects ourselves rather than letting HttpClient do it: it hands back a redirect to file:// (or any
    /// other scheme) as an unexplained 3xx, and we want every hop checked and named. Only http and https are followed,
    /// never from https down to http (that would let anyone on the path replace the file), and at most
    /// <see cref="MaxRedirects"/> hops.
    /// </summary>
    private async Task<HttpResponseMessage> GetFollowingRedirectsAsync(Request request, CancellationToken ct)
    {
        var (what, shown, file) = (request.What, request.Shown, request.File);
        var current = request.Url;
        for (var hops = 0; ; hops++)
        {
            var response = await GetAsync(request, current, ct).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode))
            {
                CheckStatus(request, current, response);
                return response;
            }
            var status = (int)response.StatusCode;
            var location = response.Headers.Location;
            // HttpClient drops a Location it cannot parse: it is there, only not a URL, which is another fault than none.
            var rawLocation = location is null && response.Headers.NonValidated.TryGetValues("Location", out var raw) ? raw.ToString() : null;
            response.Dispose();
            var here = UrlRedaction.Redact(current.AbsoluteUri);
            if (rawLocation is not null)
                throw new EnvException(EnvCode.ENV0111, $"Tool '{what}': {here} answered {status} with a Location that is not a URL ('{PrintableText.Of(UrlRedaction.Redact(rawLocation.Length > 200 ? rawLocation[..200] + "…" : rawLocation))}'). The server is misconfigured; check the URL or report it to the server's owner.", file);
            if (location is null)
                throw new EnvException(EnvCode.ENV0109, $"Tool '{what}': {here} answered {status} without saying where to (no Location). Check the URL.", file);
            var next = location.IsAbsoluteUri ? location : new Uri(current, location);
            var there = UrlRedaction.Redact(next.IsAbsoluteUri ? next.AbsoluteUri : next.OriginalString);
            if (RedirectProblem(current, next) is { } problem)
                throw new EnvException(EnvCode.ENV0108, $"Tool '{what}': {here} redirects {problem}", file);
            if (hops + 1 > MaxRedirects)
                throw new EnvException(EnvCode.ENV0109, $"Tool '{what}': {shown} redirects more than {MaxRedirects} times (last to {there}). Check the URL.", file);
            _log.Detail($"{here} redirects ({status}) to {there}");
            current = next;
        }
    }

    /// <summary>Why a redirect from <paramref name="from"/> to <paramref name="to"/> is not followed (the rest of a message), or null.</summary>
    internal static string? RedirectProblem(Uri from, Uri to)
    {
        var there = UrlRedaction.Redact(to.IsAbsoluteUri ? to.AbsoluteUri : to.OriginalString);
        if (!to.IsAbsoluteUri || to.Scheme is not ("http" or "https"))
            return $"to {there}; only redirects to http or https URLs are followed. Use a URL that serves the file directly.";
        if (from.Scheme == "https" && to.Scheme == "http")
            return $"from https down to {there}; anyone on the network path could replace the file, so it is not followed. Use an https URL that stays https.";
        return null;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private async Task<HttpResponseMessage> GetAsync(Request request, Uri url, CancellationToken ct)
    {
        var shown = UrlRedaction.Redact(url == request.Url ? request.Shown : url.AbsoluteUri);
        using var headers = CancellationTokenSource.CreateLinkedTokenSource(ct);
        headers.CancelAfter(_limits.StallTimeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, WithoutUserInfo(url));
            // A hashed mirror's URL may carry a user and password (tool URLs may not, ENV0030): sent as basic
            // authentication to that URL only, never to a host it redirects to.
            if (UrlRedaction.HasUserInfo(url))
                message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo))));
            return await SharedClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, headers.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new TransientFetchException(EnvCode.ENV0104, $"Tool '{request.What}': cannot reach {shown}: {UrlRedaction.Redact(ex.Message.TrimEnd('.'))}. Check the URL and your network or proxy.", request.File, ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new EnvException(EnvCode.ENV0104, $"Tool '{request.What}': {shown} did not answer within {_limits.StallTimeout.TotalSeconds:0}s. Check the server or your network, then build again.", request.File, ex);
        }
    }

    private static Uri WithoutUserInfo(Uri url) =>
        UrlRedaction.HasUserInfo(url) ? new UriBuilder(url) { UserName = "", Password = "" }.Uri : url;

    private static void CheckStatus(Request request, Uri url, HttpResponseMessage response)
    {
        var shown = UrlRedaction.Redact(url == request.Url ? request.Shown : url.AbsoluteUri);
        if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            response.Dispose();
            throw new TransientFetchException(EnvCode.ENV0105, $"Tool '{request.What}': {shown} answered {(int)response.StatusCode} {response.ReasonPhrase}. The server may be busy; build again later.", request.File);
        }
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // Told apart from a wrong URL: the file may well be there, and what to do is about access, not the address.
            response.Dispose();
            throw new EnvException(EnvCode.ENV0140,
                $"Tool '{request.What}': {shown} answered {(int)response.StatusCode} {response.ReasonPhrase}: the server wants credentials, or refuses the ones sent. " +
                "A tool's Url carries none (ENV0030): serve the file where none are needed (a mirror inside your network, an authenticating proxy), or from a NuGet feed with credentials in nuget.config.",
                request.File);
        }
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new EnvException(EnvCode.ENV0105,
                $"Tool '{request.What}': {shown} answered {(int)response.StatusCode} {response.ReasonPhrase}. Check the URL and version.",
                request.File);
        }
    }

    private static HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None, // the hash is of the bytes as published
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = false, // GetFollowingRedirectsAsync checks every hop
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Env.Sdk/0.1");
        return client;
    }
}
