using System.CommandLine;
using Env.Core.Diagnostics;
using Env.Core.Ide;
using Env.Core.Projects;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env devcontainer [PATH] (--image REF | --base-image REF)</c>: <c>.devcontainer/devcontainer.json</c> at the
/// repository's root for the env (<see cref="DevContainerFile"/>). No build, no MSBuild: the file names the image, or the
/// base image and the commands that build the env in the container.
/// </summary>
internal static class DevcontainerVerb
{
    public static Command Create()
    {
        var path = CommonOptions.Path("The env the dev container is for");
        var image = new Option<string>("--image") { HelpName = "REF", Description = "The env's image (pushed by 'dotnet env image'): the container runs it, the tools on PATH." };
        var baseImage = new Option<string>("--base-image") { HelpName = "REF", Description = "An image with the .NET SDK: the container builds the env when it is created, and bash terminals get the prompt hook." };
        var command = new Command("devcontainer", "Write .devcontainer/devcontainer.json for the env: its image, or a base image that builds it; VS Code's recommended extensions.")
        {
            path, image, baseImage,
        };
        command.SetAction(result =>
        {
            var project = EnvProjectLocator.Find(result.GetValue(path), Environment.CurrentDirectory);
            var (envImage, envBase) = (result.GetValue(image), result.GetValue(baseImage));
            if (string.IsNullOrWhiteSpace(envImage) == string.IsNullOrWhiteSpace(envBase))
            {
                throw new EnvException(EnvCode.ENV0797,
                    "Give the dev container either --image (the env's image, from 'dotnet env image') or --base-image (an image with the .NET SDK, on which the container builds the env), not both.",
                    project);
            }
            var envFolder = Path.GetDirectoryName(project)!;
            var root = RepositoryRoot(envFolder);
            var relative = Path.GetRelativePath(root, envFolder).Replace('\\', '/');
            var text = DevContainerFile.Text(Path.GetFileName(root), envImage, envBase, relative, DevContainerFile.RecommendedExtensions(root));
            DevContainerFile.Write(root, text, project);
            Console.WriteLine($"Wrote {DevContainerFile.PathIn(root)}");
            return 0;
        });
        return command;
    }

    /// <summary>The folder holding .git above the env, else the env's own folder.</summary>
    private static string RepositoryRoot(string envFolder)
    {
        for (var dir = envFolder; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(Path.Combine(dir, ".git")) || File.Exists(Path.Combine(dir, ".git"))) return dir;
        }
        return envFolder;
    }
}
