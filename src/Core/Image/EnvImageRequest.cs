using Env.Core.Profiles;
using Env.Core.Shell;
using Env.Core.Store;

namespace Env.Core.Image;

/// <summary>What an image is made of: the env's store entries and commands as the build resolved them, its variables, and the image's own settings.</summary>
/// <param name="Entries">The store entry names of the env's tools (any order; each once).</param>
/// <param name="Commands">The profile's commands, with their targets in the building machine's store.</param>
/// <param name="Labels">Labels for the config, the env's own first; sorted by name when written.</param>
/// <param name="WorkingDirectory">The container's working folder; <see cref="ImagePaths.DefaultWorkingDirectory"/> when null.</param>
/// <param name="Base">The pulled <c>ContainerBaseImage</c>, whose layers come first; null for an image of the env alone.</param>
/// <param name="User">ContainerUser: the user a container runs as (a name or uid[:gid]); null keeps the base's (root without one).</param>
public sealed record EnvImageRequest(StoreLayout Store, IReadOnlyList<string> Entries, IReadOnlyList<Command> Commands, IReadOnlyList<EnvVariable> Variables,
    string Rid, IReadOnlyList<KeyValuePair<string, string>> Labels, string? WorkingDirectory, string ProjectFile, BaseImage? Base = null, string? User = null);
