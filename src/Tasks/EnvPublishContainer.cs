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
        if (string.IsNullOrEmpty(ArchiveOutputPath) && string.IsNullOrEmpty(Registry))
        {
            throw new EnvException(EnvCode.ENV0985,
                "The image has nowhere to go: set ContainerArchiveOutputPath (a file or folder for the archive) or ContainerRegistry (with ContainerRepository), e.g. 'dotnet env image --archive out/'.",
                project);
        }
        var store = new EnvStore(StoreDir, EnvLog);
        var lockPath = Core.Locking.LockFileLocation.ReadFrom(LockFile, LockSeed);
        var (tools, commands) = EnvShellGenerator.LockedCommands(store, LoadLock(), lockPath, ParseTools(), Rid, project);
        var request = new EnvImageRequest(store.Layout, tools.Select(t => t.Entry.StorePath).ToList(), commands, ParseVariables(), Rid,
            [.. EnvLabels(project, lockPath), .. Labels.Select(l => KeyValuePair.Create(l.ItemSpec, l.GetMetadata("Value")))],
            string.IsNullOrEmpty(WorkingDirectory) ? null : WorkingDirectory, project);
        var staging = store.NewStagingPath("image");
        try
        {
            var image = EnvImageBuilder.Build(request, new BlobFolder(staging), EnvLog, CancellationToken);
            GeneratedContainerDigest = image.Manifest.Digest;
            if (!string.IsNullOrEmpty(ArchiveOutputPath))
            {
                var archive = OciArchive.PathFor(ArchiveOutputPath!, repository);
                OciArchive.Write(archive, image, repository, tags, project);
                GeneratedArchiveOutputPath = archive;
                Log.LogMessage(MessageImportance.High, $"{EnvName} -> {archive} ({repository}@{image.Manifest.Digest}, {image.Layers.Count} layers)");
            }
            if (!string.IsNullOrEmpty(Registry)) Push(image, repository, tags, project);
        }
        finally
        {
            ReadOnlyTree.Delete(staging);
        }
    }

    /// <summary>
    /// To <c>ContainerRegistry</c>, with the credentials the .NET SDK's containers take: DOTNET_CONTAINER_REGISTRY_UNAME and
    /// _PWORD, else Docker's config file and credential helpers; plain HTTP for a registry in
    /// DOTNET_CONTAINER_INSECURE_REGISTRIES (comma- or semicolon-separated).
    /// </summary>
    private void Push(EnvImage image, string repository, IReadOnlyList<string> tags, string project)
    {
        var registry = Registry!.Trim().TrimEnd('/');
        var user = Environment.GetEnvironmentVariable("DOTNET_CONTAINER_REGISTRY_UNAME");
        var password = Environment.GetEnvironmentVariable("DOTNET_CONTAINER_REGISTRY_PWORD");
        var credentials = !string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password)
            ? new RegistryCredentials(user, password)
            : DockerConfig.CredentialsFor(registry, DockerConfigFile(), project);
        var insecure = (Environment.GetEnvironmentVariable("DOTNET_CONTAINER_INSECURE_REGISTRIES") ?? "")
            .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(registry, StringComparer.OrdinalIgnoreCase);
        using var push = new RegistryPush(registry, repository, credentials, insecure, project);
        var (uploaded, present) = push.PushAsync(image, tags, EnvLog, CancellationToken).GetAwaiter().GetResult();
        Log.LogMessage(MessageImportance.High,
            $"{EnvName} -> {registry}/{repository}:{string.Join(",", tags)} ({image.Manifest.Digest}; {uploaded} blobs uploaded, {present} already there)");
    }

    private static string DockerConfigFile()
    {
        var folder = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(folder)) folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        return Path.Combine(folder, "config.json");
    }

    /// <summary>
    /// What the image says of the env it holds: env.proj's path from the repository's root (no path of the building
    /// machine), the lock's hash, and Env.Sdk's version.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> EnvLabels(string project, string lockPath)
    {
        yield return KeyValuePair.Create("org.envsdk.project", FromRepositoryRoot(project));
        if (File.Exists(lockPath))
        {
            using var stream = File.OpenRead(lockPath);
            yield return KeyValuePair.Create("org.envsdk.lock", "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
        var version = typeof(EnvPublishContainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        yield return KeyValuePair.Create("org.envsdk.version", version.Split('+')[0]);
    }

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
