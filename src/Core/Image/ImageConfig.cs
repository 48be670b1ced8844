namespace Env.Core.Image;

/// <summary>
/// What an image's config says besides its layers: the platform, the environment a container starts with, its working
/// folder, labels, and the command (none unless the base image has one or the env names one).
/// </summary>
public sealed record ImageConfig(string Architecture, string Os, IReadOnlyList<KeyValuePair<string, string>> Environment, string WorkingDirectory,
    IReadOnlyList<KeyValuePair<string, string>> Labels, IReadOnlyList<string>? Entrypoint = null, IReadOnlyList<string>? Cmd = null, string? User = null);
