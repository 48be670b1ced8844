using System.CommandLine;
using Env.Core.Projects;
using Env.Core.Shell;

namespace Env.Cli.Verbs;

/// <summary><c>dotnet env direnv [PATH]</c>: the line for this folder's <c>.envrc</c> that loads the nearest env (docs/shell-hook.md).</summary>
internal static class DirenvVerb
{
    public static Command Create()
    {
        var path = CommonOptions.Path("The env the .envrc line loads");
        var command = new Command("direnv", "Print the .envrc line that loads the nearest env with direnv, rebuilding it when env.proj or the lock changed: dotnet env direnv >> .envrc")
        {
            path,
        };
        command.SetAction(result =>
        {
            var project = EnvProjectLocator.Find(result.GetValue(path), Environment.CurrentDirectory);
            Console.Out.WriteLine(DirenvScript.EnvrcLine(Environment.CurrentDirectory, project));
            return 0;
        });
        return command;
    }
}
