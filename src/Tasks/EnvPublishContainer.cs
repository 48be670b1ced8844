using System.Reflection;
using System.Security.Cryptography;
using Env.Core.Diagnostics;
using Env.Core.Image;
using Env.Core.Shell;
using Env.Core.Store;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>
/// <c>dotnet build env.proj -t:PublishContainer</c>: the built env as an OCI image (<see cref="EnvImageBuilder"/>),
/// written as an archive (<c>ContainerArchiveOutputPath</c>), in the .NET SDK's container vocabulary.
/// </summary>
public sealed class EnvPublishContainer : EnvProjectTask
{
    [Required]
    public string EnvName { get; set; } = "";

    /// <summary>ContainerRepository: the image's name (default: the env's name, lowercased).</summary>
    public string? Repository { get; set; }

    /// <summary>ContainerImageTags (or ContainerImageTag): the tags; default <c>latest</c>.</summary>
    public string[] ImageTags { get; set; } = [];

    /// <summary>ContainerArchiveOutputPath: a file, or a folder to write <c>REPOSITORY.tar</c> in.</summary>
    public string? ArchiveOutputPath { get; set; }

    /// <summary>ContainerRegistry: <c>host[:port]</c> to push to.</summary>
    public string? Registry { get; set; }

    /// <summary>ContainerWorkingDirectory: the container's working folder (default /work).</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>ContainerBaseImage: <c>HOST[:PORT]/NAME[:TAG][@sha256:…]</c> whose layers come first; empty for none.</summary>
    public string? BaseImage { get; set; }

    /// <summary>ContainerBaseImageUpdate: take the base tag's current digest and pin it in the lock.</summary>
    public bool BaseImageUpdate { get; set; }

    /// <summary>EnvLockedMode: a base the lock does not pin, or whose tag moved, is refused.</summary>
    public bool Locked { get; set; }

    /// <summary>ContainerUser: the user the container runs as; empty keeps the base's.</summary>
    public string? User { get; set; }

    /// <summary>LocalRegistry: the engine (Docker or Podman) to load the image into when neither an archive nor a registry is named.</summary>
    public string? LocalRegistry { get; set; }

    /// <summary>EnvOffline: the base image from the lock's pin and the download cache only, nothing asked of a registry.</summary>
    public bool Offline { get; set; }

    /// <summary>EnvCacheDir: where the base image's layers are kept by digest.</summary>
    public string CacheDir { get; set; } = "";

    /// <summary>ContainerLabel items: the label's name, its value in <c>Value</c>.</summary>
    public ITaskItem[] Labels { get; set; } = [];

    [Output]
    public string? GeneratedContainerDigest { get; set; }

    [Output]
    public string? GeneratedArchiveOutputPath { get; set; }

    protected override void Run()
    {
        var project = Path.GetFullPath(ProjectFile);
        var repository = string.IsNullOrEmpty(Repository) ? ImageReference.FromEnvName(EnvName) : Repository!;
        var tags = ImageTags.SelectMany(t => t.Split(';')).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToList();
        if (tags.Count == 0) tags.Add("latest");
        ImageReference.Check(repository, tags, project);
        var user = CheckedUser(project);
        // Neither an archive nor a registry: the machine's container engine, as the .NET SDK does.
        var engine = string.IsNullOrEmpty(ArchiveOutputPath) && string.IsNullOrEmpty(Registry) ? LocalDaemon.Find(LocalRegistry, project) : null;
        if (string.IsNullOrEmpty(ArchiveOutputPath) && string.IsNullOrEmpty(Registry) && engine is null)
        {
            throw new EnvException(EnvCode.ENV0985,
                "The image has nowhere to go: set ContainerArchiveOutputPath (a file or folder for the archive) or ContainerRegistry (with ContainerRepository), e.g. 'dotnet env image --archive out/'; no local container engine was found either (no Docker daemon answered, and Podman is not on PATH).",
                project);
        }
        var baseReference = string.IsNullOrWhiteSpace(BaseImage) ? null : BaseImageReference.Parse(BaseImage!, project);
        var store = new EnvStore(StoreDir, EnvLog);
        var lockPath = Core.Locking.LockFileLocation.ReadFrom(LockFile, LockSeed);
        var lockFile = LoadLock();
        var (tools, commands) = EnvShellGenerator.LockedCommands(store, lockFile, lockPath, ParseTools(), Rid, project);
        var (baseImage, lockChanged) = baseReference is null ? (null, false) : PullBase(baseReference, lockFile, lockPath, project);
        var request = new EnvImageRequest(store.Layout, tools.Select(t => t.Entry.StorePath).ToList(), commands, ParseVariables(), Rid,
            [.. EnvLabels(project, lockChanged ? System.Text.Encoding.UTF8.GetBytes(lockFile.Serialize()) : ReadLockBytes(lockPath), baseReference, baseImage), .. Labels.Select(l => KeyValuePair.Create(l.ItemSpec, l.GetMetadata("Value")))],
            string.IsNullOrEmpty(WorkingDirectory) ? null : WorkingDirectory, project, baseImage, user);
        var staging = store.NewStagingPath("image");
        try
        {
            var image = EnvImageBuilder.Build(request, new BlobFolder(staging), EnvLog, CancellationToken, string.IsNullOrEmpty(CacheDir) ? null : new LayerCache(CacheDir));
            GeneratedContainerDigest = image.Manifest.Digest;
            if (!string.IsNullOrEmpty(ArchiveOutputPath))
            {
                var archive = OciArchive.PathFor(ArchiveOutputPath!, repository);
                OciArchive.Write(archive, image, repository, tags, project);
                GeneratedArchiveOutputPath = archive;
                Log.LogMessage(MessageImportance.High, $"{EnvName} -> {archive} ({repository}@{image.Manifest.Digest}, {image.Layers.Count} layers)");
            }
            if (!string.IsNullOrEmpty(Registry)) Push(image, repository, tags, project, baseReference, baseImage);
            if (engine is not null)
            {
                var archive = Path.Combine(staging, "image.tar");
                OciArchive.Write(archive, image, repository, tags, project);
                LocalDaemon.Load(engine, archive, project, CancellationToken);
                Log.LogMessage(MessageImportance.High, $"{EnvName} -> {engine} ({repository}:{string.Join(",", tags)}, {image.Manifest.Digest}, {image.Layers.Count} layers)");
            }
            // The pin is written once the image is out on it: a failure before leaves the lock as it was.
            if (lockChanged) lockFile.Save(LockFile);
        }
        finally
        {
            ReadOnlyTree.Delete(staging);
        }
    }

    /// <summary>
    /// ContainerBaseImage: the digest the lock pins (or the tag's, pinned now: <see cref="BaseImagePin"/>), pulled for the
    /// image's platform with the credentials the .NET SDK takes for a base (<see cref="RegistryCredentials.Find"/>).
    /// </summary>
    private (BaseImage, bool LockChanged) PullBase(BaseImageReference reference, Core.Locking.LockFile lockFile, string lockPath, string project)
    {
        var (os, architecture) = ImagePlatform.Of(Rid, project);
        var credentials = Offline ? null : RegistryCredentials.Find(reference.Registry, "SOURCE", Environment.GetEnvironmentVariable, project);
        var stall = Core.Fetching.DownloadLimits.Default.WithStallTimeout(Environment.GetEnvironmentVariable(Core.Tools.MachineInstallSettings.StallTimeoutVariable)).StallTimeout;
        using var pull = new BaseImagePull(reference, credentials, RegistryCredentials.IsInsecure(reference.Registry, Environment.GetEnvironmentVariable), CacheDir, project, Offline, stall);
        var (digest, changed) = BaseImagePin.ChooseAsync(reference, lockFile, Locked, BaseImageUpdate, pull.ResolveAsync, lockPath, EnvLog, project, CancellationToken, Offline).GetAwaiter().GetResult();
        return (pull.PullAsync(digest, os, architecture, EnvLog, CancellationToken).GetAwaiter().GetResult(), changed);
    }

    /// <summary>
    /// To <c>ContainerRegistry</c>, with the credentials the .NET SDK's containers take (<see cref="RegistryCredentials.Find"/>);
    /// plain HTTP for a registry in DOTNET_CONTAINER_INSECURE_REGISTRIES.
    /// </summary>
    private void Push(EnvImage image, string repository, IReadOnlyList<string> tags, string project, BaseImageReference? baseReference, BaseImage? baseImage)
    {
        var registry = Registry!.Trim().TrimEnd('/');
        var credentials = RegistryCredentials.Find(registry, "TARGET", Environment.GetEnvironmentVariable, project);
        // A base from this same registry: its layers are mounted from its repository, not sent again.
        var mountFrom = baseReference is not null && string.Equals(baseReference.Registry, registry, StringComparison.OrdinalIgnoreCase) ? baseReference.Repository : null;
        using var push = new RegistryPush(registry, repository, credentials, RegistryCredentials.IsInsecure(registry, Environment.GetEnvironmentVariable), project, mountFrom);
        var mountable = baseImage?.Layers.Select(l => l.Digest).ToHashSet(StringComparer.Ordinal);
        var (uploaded, present) = push.PushAsync(image, tags, EnvLog, CancellationToken, mountable).GetAwaiter().GetResult();
        Log.LogMessage(MessageImportance.High,
            $"{EnvName} -> {registry}/{repository}:{string.Join(",", tags)} ({image.Manifest.Digest}; {uploaded} blobs uploaded, {present} already there{(push.Mounted > 0 ? $", {push.Mounted} mounted from {mountFrom}" : "")})");
    }

    /// <summary>
    /// What the image says of the env it holds: env.proj's path from the repository's root (no path of the building
    /// machine), the lock's hash, Env.Sdk's version, and the base image (the OCI annotations' names) when there is one.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> EnvLabels(string project, byte[]? lockBytes, BaseImageReference? reference, BaseImage? baseImage)
    {
        if (reference is not null && baseImage is not null)
        {
            yield return KeyValuePair.Create("org.opencontainers.image.base.name", reference.ToString());
            yield return KeyValuePair.Create("org.opencontainers.image.base.digest", baseImage.Digest);
        }
        yield return KeyValuePair.Create("org.envsdk.project", FromRepositoryRoot(project));
        if (lockBytes is not null) yield return KeyValuePair.Create("org.envsdk.lock", "sha256:" + Convert.ToHexStringLower(SHA256.HashData(lockBytes)));
        var version = typeof(EnvPublishContainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        yield return KeyValuePair.Create("org.envsdk.version", version.Split('+')[0]);
    }

    /// <summary>ContainerUser as a runtime takes it: a name or a uid, with :group or :gid (ENV0984 otherwise); null when unset.</summary>
    private string? CheckedUser(string project)
    {
        if (string.IsNullOrWhiteSpace(User)) return null;
        var user = User!.Trim();
        if (user.Length > 64 || user.Count(c => c == ':') > 1 || user.StartsWith(':') || user.EndsWith(':')
            || !user.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':'))
        {
            throw new EnvException(EnvCode.ENV0995, $"ContainerUser '{PrintableText.Of(user)}' is not a user a container runtime takes: a name or uid, optionally :group or :gid. Fix ContainerUser.", project);
        }
        return user;
    }

    /// <summary>The lock's bytes as the build left them; null when there is none.</summary>
    private static byte[]? ReadLockBytes(string lockPath) => Core.Locking.LockFile.Bytes(lockPath);

    private static string FromRepositoryRoot(string project)
    {
        for (var dir = Path.GetDirectoryName(project); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(Path.Combine(dir, ".git")) || File.Exists(Path.Combine(dir, ".git")))
                return Path.GetRelativePath(dir, project).Replace('\\', '/');
        }
        return Path.GetFileName(project);
    }
}
