using System.CommandLine;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env image [PATH] [--archive PATH] [--registry HOST] [--repository NAME] [--tag TAG]… [--base-image REF] [--update-base] [--offline] [dotnet build arguments]</c>:
/// <c>dotnet build env.proj -t:PublishContainer</c> of the nearest env.proj, its options the .NET SDK's container
/// properties (one implementation: the target; docs/images.md).
/// </summary>
internal static class ImageVerb
{
    public static Command Create(string[] rawArgs)
    {
        var command = new Command("image", "Build the nearest env.proj (or PATH) as an OCI image: 'dotnet build -t:PublishContainer', to an archive, a registry, or else the local Docker or Podman.")
        {
            new Argument<string[]>("ARGS") { Description = "[PATH], then --archive PATH (ContainerArchiveOutputPath: a file, or a folder for REPOSITORY.tar), --registry HOST[:PORT] (ContainerRegistry), --repository NAME (ContainerRepository), --tag TAG (ContainerImageTags; repeat it), --base-image REF (ContainerBaseImage: HOST/NAME:TAG, pinned in the lock), --update-base (ContainerBaseImageUpdate: pin the base tag's current digest), --offline (EnvOffline: the store, the download cache and the lock's base pin only), -c NAME (the home configuration homes/NAME.props), and any 'dotnet build' arguments.", Arity = ArgumentArity.ZeroOrMore },
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(_ => Run(rawArgs.Skip(1).ToList()));
        return command;
    }

    /// <summary>
    /// <c>dotnet env build</c> with the target first and this command's options as their properties; PATH, <c>-c NAME</c>,
    /// <c>--offline</c> and the rest are build's (<see cref="BuildVerb"/>).
    /// </summary>
    private static int Run(IReadOnlyList<string> args) => BuildVerb.Run(OwnArguments(args), ["-t:PublishContainer"]);

    /// <summary>
    /// The options as the properties they stand for. A relative --archive is from here (made absolute: MSBuild takes
    /// relative paths from the project's folder). The tags go as one property with escaped semicolons.
    /// </summary>
    private static List<string> OwnArguments(IReadOnlyList<string> args)
    {
        var result = new List<string>();
        var tags = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (a)
            {
                case "--archive" when Value() is { } archive:
                    var full = Path.GetFullPath(archive);
                    // A folder stays a folder: OciArchive writes REPOSITORY.tar in it.
                    if (archive.EndsWith('/') || archive.EndsWith(Path.DirectorySeparatorChar)) full += Path.DirectorySeparatorChar;
                    result.Add("-p:ContainerArchiveOutputPath=" + Escape(full));
                    break;
                case "--registry" when Value() is { } registry:
                    result.Add("-p:ContainerRegistry=" + Escape(registry));
                    break;
                case "--repository" when Value() is { } repository:
                    result.Add("-p:ContainerRepository=" + Escape(repository));
                    break;
                case "--base-image" when Value() is { } baseImage:
                    result.Add("-p:ContainerBaseImage=" + Escape(baseImage));
                    break;
                case "--update-base":
                    result.Add("-p:ContainerBaseImageUpdate=true");
                    break;
                case "--tag" when Value() is { } tag:
                    tags.Add(tag);
                    break;
                default:
                    result.Add(a);
                    break;
            }
        }
        if (tags.Count > 0) result.Add("-p:ContainerImageTags=" + string.Join("%3B", tags.Select(Escape)));
        return result;
    }

    /// <summary>MSBuild's escaping for a property value on the command line (';' and '%' would be taken as its own).</summary>
    private static string Escape(string value) => value.Replace("%", "%25").Replace(";", "%3B");
}
