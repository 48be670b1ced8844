namespace Env.Core.Home;

/// <summary>
/// What <see cref="HomeSourceResolver"/> found: the generation's files, and the files and folders they were read from
/// (as the project names them, a folder with a trailing separator), which the build records as inputs so that an edited,
/// added or removed dotfile makes the env stale.
/// </summary>
public sealed record HomeSources(IReadOnlyList<HomeFileSource> Files, IReadOnlyList<string> Inputs);
