using System.CommandLine;
using Env.Core.Diagnostics;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env help [ENVnnnn]</c>: what a code means and what to do, from docs/errors.md, which the tool carries (an
/// embedded resource, parsed when asked): every coded line ends with this command, so it works for a user who installed
/// only the tool, offline. Without a code, every code with its one-line summary. An unknown code is ENV0780.
/// </summary>
internal static class HelpVerb
{
    /// <summary>The embedded copy of docs/errors.md (Env.Cli.csproj).</summary>
    private const string Resource = "errors.md";

    public static Command Create()
    {
        var code = new Argument<string?>("ENVnnnn") { Description = "The code, as an error or warning prints it (ENV0104; 0104 and 104 are read as it).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("help", "Explain an error or warning code (ENVnnnn): what it means and what to do. Without a code, list every code.")
        {
            code,
        };
        command.SetAction(result =>
        {
            var catalog = ErrorCatalog.Parse(ReadResource());
            if (result.GetValue(code) is { } asked) Explain(catalog, asked);
            else List(catalog);
            return 0;
        });
        return command;
    }

    private static void Explain(ErrorCatalog catalog, string asked)
    {
        var name = ErrorCatalog.Normalize(asked);
        if (name is not null && catalog.Find(name) is { } entry)
        {
            Console.Out.WriteLine($"{entry.Code} ({entry.Section})");
            Console.Out.WriteLine();
            Console.Out.WriteLine(entry.Meaning);
            Console.Out.WriteLine();
            Console.Out.WriteLine($"What to do: {entry.WhatToDo}");
            return;
        }
        if (name is not null && catalog.FindRetired(name) is { } retired)
        {
            Console.Out.WriteLine($"{retired.Code} is retired: no version raises it any longer. It was: {retired.Was} Now: {retired.Now} ('dotnet env help {retired.Now}').");
            return;
        }
        var near = name is null ? [] : catalog.Entries.Where(e => e.Code[..5] == name[..5]).Select(e => e.Code).ToList();
        throw new EnvException(EnvCode.ENV0780,
            $"'{PrintableText.Of(asked)}' is not an Env.Sdk error code." +
            (near.Count > 0 ? $" Codes of that hundred: {string.Join(", ", near)}." : "") +
            " 'dotnet env help' lists every code.");
    }

    private static void List(ErrorCatalog catalog)
    {
        string? section = null;
        foreach (var entry in catalog.Entries)
        {
            if (entry.Section != section)
            {
                if (section is not null) Console.Out.WriteLine();
                Console.Out.WriteLine(entry.Section);
                section = entry.Section;
            }
            Console.Out.WriteLine($"  {entry.Code}  {entry.Summary}");
        }
        Console.Out.WriteLine();
        Console.Out.WriteLine("'dotnet env help ENVnnnn' explains one code and what to do about it.");
    }

    private static string ReadResource()
    {
        using var stream = typeof(HelpVerb).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The tool lacks its resource {Resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
