namespace Env.Cli;

/// <summary>
/// <c>dotnet env run [OPTIONS] REF [ARGS...]</c>, as <c>dnx</c> and <c>docker run</c> read it: options come before what
/// is run, and everything after it is the tool's, options included (<c>run csharpier --version</c> asks csharpier). A
/// <c>--</c> ends our options anywhere (and one right after REF is dropped, as <c>nix run pkg -- ARGS</c> writes it).
/// With <c>--url</c> there is no REF: the first word that is not an option starts the tool's arguments.
/// </summary>
internal sealed record RunArguments(string[] Ours, string[] Tool)
{
    /// <summary>Our options that take a value.</summary>
    private static readonly string[] Valued = ["--url", "--hash", "--bin", "--verbosity", "-v"];

    /// <param name="args">The whole command line, <c>run</c> (or <c>shell</c>) first.</param>
    public static RunArguments Split(string[] args)
    {
        var ours = new List<string> { args[0] };
        var url = false;
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--") return new RunArguments([.. ours], args[(i + 1)..]);
            if (a.StartsWith('-') && a.Length > 1)
            {
                ours.Add(a);
                var name = a.Split('=', 2)[0];
                if (name == "--url") url = true;
                if (Valued.Contains(name) && !a.Contains('=') && i + 1 < args.Length) ours.Add(args[++i]);
                continue;
            }
            if (url) return new RunArguments([.. ours], args[i..]);
            ours.Add(a);
            var rest = args[(i + 1)..];
            return new RunArguments([.. ours], rest.Length > 0 && rest[0] == "--" ? rest[1..] : rest);
        }
        return new RunArguments([.. ours], []);
    }
}
