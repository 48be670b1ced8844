using Env.Core.Diagnostics;
using Env.Core.Locking;

namespace Env.Core.Image;

/// <summary>
/// Which digest of <c>ContainerBaseImage</c> an image is built on: the base is an input like a tool, so the lock pins the
/// digest its tag named when first pulled (<see cref="LockFile.ContainerBaseImages"/>) and later builds use that one.
/// The tag is asked again on each build (one manifest request) so that a move is never silent: without locked mode it is
/// warning ENV0992 and the lock's digest is kept; in locked mode (<c>EnvLockedMode</c>, CI=true) it is refused (ENV0991),
/// as a base the lock does not pin is; an update (<c>ContainerBaseImageUpdate</c>) takes the tag's digest and pins it.
/// A reference with <c>@sha256:</c> is its own pin and is never resolved; offline (<c>EnvOffline</c>) nothing is resolved.
/// </summary>
public static class BaseImagePin
{
    /// <returns>The digest to pull, and whether <paramref name="lockFile"/> changed (to be saved once the image is built).</returns>
    /// <param name="offline">EnvOffline: the tag is not asked; the lock's pin is used as it is (ENV0120 without one).</param>
    public static async Task<(string Digest, bool LockChanged)> ChooseAsync(BaseImageReference reference, LockFile lockFile, bool locked, bool update,
        Func<CancellationToken, Task<string>> resolveTag, string lockPath, IEnvLog log, string? projectFile, CancellationToken ct, bool offline = false)
    {
        if (reference.Digest is { } given) return (given, false);
        var key = reference.LockKey;
        var pinned = lockFile.ContainerBaseImages.GetValueOrDefault(key);
        if (offline && !update)
        {
            return pinned is not null ? (pinned, false) : throw new EnvException(EnvCode.ENV0120,
                $"Offline, and {Path.GetFileName(lockPath)} pins no digest for the base image {key}, so its tag would have to be asked. Build the image once online (it pins the digest), or leave offline mode.",
                projectFile);
        }
        var current = await resolveTag(ct);
        var lockName = Path.GetFileName(lockPath);
        if (pinned is null && locked && !update)
        {
            throw new EnvException(EnvCode.ENV0991,
                $"Locked mode: {lockName} pins no digest for the base image {key}. Build the image once without EnvLockedMode (it pins {current[..19]}…) and commit the lock, or write the digest into ContainerBaseImage ({reference.Registry}/{reference.Repository}@{current}).",
                projectFile);
        }
        if (pinned is not null && pinned != current && !update)
        {
            if (locked)
            {
                throw new EnvException(EnvCode.ENV0991,
                    $"Locked mode: the base image {key} moved to {current[..19]}… since {lockName} pinned {pinned[..19]}…. Take the new base with 'dotnet env image --update-base' (-p:ContainerBaseImageUpdate=true) and commit the lock, or keep the old one by writing its digest into ContainerBaseImage ({reference.Registry}/{reference.Repository}@{pinned}).",
                    projectFile);
            }
            log.Warning(EnvCode.ENV0992,
                $"The base image {key} moved to {current[..19]}…; the image is built on {pinned[..19]}…, which {lockName} pins. Take the new base with 'dotnet env image --update-base' (-p:ContainerBaseImageUpdate=true).",
                projectFile);
        }
        var chosen = pinned is null || update ? current : pinned;
        if (pinned is null) log.Info($"Base image {key} pinned to {chosen[..19]}… in {lockName}");
        else if (chosen != pinned) log.Info($"Base image {key} moved: {pinned[..19]}… → {chosen[..19]}…, pinned in {lockName}");
        // The lock holds this base's pin alone: one env.proj no longer names is forgotten when the lock is written
        // (never in locked mode, unless by an update).
        if ((lockFile.ContainerBaseImages.Count == 1 && pinned == chosen) || (locked && !update)) return (chosen, false);
        lockFile.ContainerBaseImages.Clear();
        lockFile.ContainerBaseImages[key] = chosen;
        return (chosen, true);
    }
}
