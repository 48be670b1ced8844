using Env.Core.Diagnostics;
using Env.Core.Model;
using Env.Core.Profiles;
using Env.Core.Shell;

namespace Env.Core.Image;

/// <summary>
/// An env as an OCI image, built into a <see cref="BlobFolder"/>: one layer per store entry (its tree at
/// <see cref="ImagePaths.StoreDir"/>), ordered by entry name, so an entry is the same layer bytes in every image that
/// holds it (two envs sharing a tool share its layer; a changed tool is one new layer), then one small layer with the
/// profile (<see cref="ImagePaths.ProfileDir"/>: the commands made for the image's store), then the config (PATH with the
/// profile first and the env's PATH entries, its variables, the working folder, labels) and the manifest. On a base
/// image (<see cref="EnvImageRequest.Base"/>) its layers come first as they are, and the config starts from its
/// environment (its PATH after the profile's), labels and runtime settings. Nothing of the building machine goes in: not
/// its store location, clock, user or home.
/// </summary>
public static class EnvImageBuilder
{
    /// <param name="layerCache">Where an entry's layer made before is taken from, and a new one kept; null to make every layer.</param>
    public static EnvImage Build(EnvImageRequest request, BlobFolder blobs, IEnvLog log, CancellationToken ct = default, LayerCache? layerCache = null)
    {
        var (os, architecture) = ImagePlatform.Of(request.Rid, request.ProjectFile);
        // Checked before any layer is written: every command must lead into the store, the only tree the image has.
        var profileCommands = request.Commands.Select(c => InImage(c, request)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        if (request.Base is null && request.Commands.Where(FrameworkDependentCommand.Is).Select(c => c.Tool).Distinct().ToList() is { Count: > 0 } dotnetTools)
        {
            throw new EnvException(EnvCode.ENV0993,
                $"The env holds .NET tools ({string.Join(", ", dotnetTools)}) that run on dotnet, and the image has no base to bring it. Set ContainerBaseImage to an image with the .NET runtime (HOST/NAME:TAG, e.g. your registry's dotnet/runtime:10.0), or 'dotnet env image --base-image REF'.",
                request.ProjectFile);
        }
        var layers = new List<ImageBlob>(request.Base?.Layers ?? []);
        // The tools' entries and those their commands lead into (a RID-specific tool's command is in its runtime
        // package's entry, a store entry of its own).
        var entries = request.Entries.Concat(profileCommands.Select(c => EntryOf(c.Target)).OfType<string>());
        foreach (var entry in entries.Distinct().Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var source = request.Store.EntryPath(entry);
            if (!request.Store.HasEntry(entry))
            {
                throw new EnvException(EnvCode.ENV0505, $"Store entry {source} is missing (was the store cleaned?). Run 'dotnet restore' to fetch it again.", request.ProjectFile);
            }
            if (layerCache?.TryGet(entry) is { } cached)
            {
                layers.Add(cached);
                log.Detail($"Layer {cached.Digest[..19]}: {entry} (made before)");
                continue;
            }
            layers.Add(blobs.AddLayer(tar => tar.Tree(ImagePaths.StoreDir + "/" + entry, source, request.Store.StoreDir, ct), entry));
            layerCache?.Put(entry, layers[^1]);
            log.Info($"Layer {layers[^1].Digest[..19]}: {entry}");
        }
        layers.Add(blobs.AddLayer(tar => Profile(tar, profileCommands), "profile"));

        var start = new Dictionary<string, string>(request.Base?.Environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        start.TryAdd("PATH", ImagePaths.DefaultPath);
        var environment = ActivatedEnvironment.Apply([ImagePaths.ProfileDir + "/bin"], request.Variables, start)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var labels = (request.Base?.Labels ?? []).Concat(request.Labels).GroupBy(l => l.Key, StringComparer.Ordinal).Select(g => g.Last()).OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        var config = new ImageConfig(architecture, os, environment, request.WorkingDirectory ?? ImagePaths.DefaultWorkingDirectory, labels, User: request.User);
        var configBlob = blobs.AddJson(ImageJson.Config(config, layers, request.Base), ImageMediaTypes.Config);
        var manifest = blobs.AddJson(ImageJson.Manifest(configBlob, layers), ImageMediaTypes.Manifest);
        return new EnvImage(manifest, configBlob, layers);
    }

    /// <summary>The store entry an in-image path is in (<c>/envsdk/store/ENTRY/…</c>), or null.</summary>
    private static string? EntryOf(string inImage)
    {
        var prefix = ImagePaths.StoreDir + "/";
        if (!inImage.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var entry = inImage[prefix.Length..].Split('/')[0];
        return Store.StoreEntryName.IsEntryName(entry) ? entry : null;
    }

    private static void Profile(LayerTar tar, IReadOnlyList<Command> commands)
    {
        tar.Folder(ImagePaths.ProfileDir + "/bin");
        foreach (var command in commands)
        {
            var path = ImagePaths.ProfileDir + "/bin/" + command.Name;
            if (command.Kind == CommandKind.Link) tar.Link(path, command.Target);
            else tar.Text(path, ProfileBuilder.ShimText(command), executable: true);
        }
    }

    private static Command InImage(Command command, EnvImageRequest request)
    {
        if (!CommandName.IsValid(command.Name))
        {
            throw new EnvException(EnvCode.ENV0602,
                $"Refused to write the command '{PrintableText.Of(command.Name)}' of tool '{command.Tool}' into the image's profile: it would not be a file directly in its bin/. Report this: the name should have been refused earlier (ENV0017).",
                request.ProjectFile);
        }
        var target = ImagePaths.InImage(command.Target, request.Store.StoreDir)
            ?? throw new EnvException(EnvCode.ENV0982,
                $"The command '{command.Name}' of tool '{command.Tool}' leads to {command.Target}, outside the store, which an image does not hold. Point the tool's Bin= at a file of its own package or archive.",
                request.ProjectFile);
        return command with { Target = target };
    }
}
