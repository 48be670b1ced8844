using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Env.Core.Diagnostics;
using Env.Core.Fetching;

namespace Env.Core.Git;

/// <summary>
/// A repository at one commit, for <c>dotnet env switch --from URL --rev COMMIT</c>: a shallow fetch of just that commit
/// into a checkout kept in the cache (<c>&lt;cache&gt;/git/&lt;hash of the URL&gt;</c>), so a new machine needs only the .NET SDK
/// and git. Fetching again reuses the checkout; files the build wrote (ignored ones: <c>.envsdk/</c>) stay while the
/// commit does, and go when it changes. An abbreviated
/// hash (<see cref="AbbreviatedCommit"/>) fetches the branches and tags instead, to find the commit among them.
/// </summary>
public static partial class GitCheckoutCache
{
    /// <returns>The checkout's folder and the commit it is at.</returns>
    public static (string Folder, string Commit) Fetch(string cacheDir, string url, string? rev, IEnvLog log)
    {
        if (url.Length == 0 || url.StartsWith('-') || url.Any(char.IsControl))
            throw new EnvException(EnvCode.ENV0921, $"'{PrintableText.Of(url)}' is not a git URL. Give the repository's URL or path, as 'git clone' takes it.", null);
        if (rev is not null && !Revision().IsMatch(rev))
            throw new EnvException(EnvCode.ENV0921, $"--rev '{PrintableText.Of(rev)}' is not a commit or a branch or tag name. Give the commit's hash (what 'git rev-parse HEAD' prints).", null);
        var shown = UrlRedaction.Redact(url);
        var folder = Path.Combine(cacheDir, "git", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url))).AsSpan(0, 32).ToString());
        Directory.CreateDirectory(folder);
        if (!Directory.Exists(Path.Combine(folder, ".git")))
            Check(GitCommand.Run(folder, "init", "-q"), "git init", shown);
        var target = "FETCH_HEAD";
        if (rev is not null && AbbreviatedCommit.IsAbbreviated(rev))
        {
            // A server gives a commit only by its whole hash: fetch the branches and tags (whole history, once; later
            // fetches bring only what is new) and find the commit among them, as git rev-parse would.
            log.Info($"Fetching {shown} (its branches and tags) to find commit {rev}...");
            var shallow = GitCommand.Run(folder, "rev-parse", "--is-shallow-repository") is { ExitCode: 0, Output: "true" };
            Check(GitCommand.Run(folder, ["fetch", "-q", "--no-tags", .. shallow ? ["--unshallow"] : Array.Empty<string>(), "--", url,
                "+refs/heads/*:refs/envsdk/heads/*", "+refs/tags/*:refs/envsdk/tags/*"]), "git fetch", shown);
            target = AbbreviatedCommit.Resolve(folder, rev, shown);
        }
        else
        {
            log.Info($"Fetching {shown} at {rev ?? "its default branch"}...");
            Check(GitCommand.Run(folder, "fetch", "-q", "--depth", "1", "--no-tags", "--", url, rev ?? "HEAD"), "git fetch", shown);
        }
        var before = GitCommand.Run(folder, "rev-parse", "-q", "--verify", "HEAD") is { ExitCode: 0 } at ? at.Output : null;
        Check(GitCommand.Run(folder, "checkout", "-q", "--force", "--detach", target), "git checkout", shown);
        var after = GitCommand.Run(folder, "rev-parse", "HEAD");
        // Another commit: everything the last build wrote goes too (-x), as in a fresh clone. Its stamps would otherwise
        // outlive an untracked env.lock.json that plain clean removes, and the build would skip the restore that lock needs.
        var moved = before is not null && after is { ExitCode: 0 } && after.Output != before;
        Check(GitCommand.Run(folder, moved ? ["clean", "-q", "-f", "-d", "-x"] : ["clean", "-q", "-f", "-d"]), "git clean", shown);
        var head = GitCommand.Run(folder, "rev-parse", "HEAD");
        Check(head, "git rev-parse", shown);
        if (rev is not null && Hex().IsMatch(rev) && !head!.Output.StartsWith(rev, StringComparison.OrdinalIgnoreCase))
            throw new EnvException(EnvCode.ENV0921, $"{shown} at {rev} checked out as {head.Output}, another commit. Give the commit's hash (or its first digits), not a name that looks like one.", null);
        return (folder, head!.Output);
    }

    private static void Check(GitCommand.Result? result, string what, string shownUrl)
    {
        if (result is null)
            throw new EnvException(EnvCode.ENV0970, "git is not installed (or not on PATH); --from needs it. Install git and run the command again.", null);
        if (result.ExitCode != 0)
            throw new EnvException(EnvCode.ENV0921, $"{what} of {shownUrl} failed: {UrlRedaction.Redact(result.Error)}. Check the URL, the commit, and that the repository is reachable.", null);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,254}$")]
    private static partial Regex Revision();

    [GeneratedRegex("^[0-9a-fA-F]{7,64}$")]
    private static partial Regex Hex();
}
