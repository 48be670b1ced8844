using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Env.Core.Diagnostics;
using Env.Core.Home;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env generations [--json]</c>: the home's kept generations, oldest first, the current one marked.
/// <c>--expire 30d</c> forgets those older than that and <c>--remove N…</c> the ones named (never the current one), so
/// <c>gc</c> may collect their store entries; <c>--diff A B</c> prints what differs between two kept generations, as a
/// switch between them prints it (<see cref="SwitchReport"/>).
/// </summary>
internal static class GenerationsVerb
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the generations as JSON, for scripts: number, current, store entry, created, configuration, project, url, commit, dirty." };
        var expire = new Option<string?>("--expire") { HelpName = "AGE", Description = "Forget generations created more than AGE ago (30d, 12h), except the current one." };
        var remove = new Option<int[]>("--remove") { HelpName = "N", Description = "Forget the generations numbered N (several may follow), except the current one.", AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.OneOrMore };
        var diff = new Option<string[]>("--diff") { HelpName = "A B", Description = "Print the tools, files and variables that differ from generation A to generation B (numbers, or 'current').", AllowMultipleArgumentsPerToken = true, Arity = new ArgumentArity(2, 2) };
        var verbosity = CommonOptions.Verbosity();
        var command = new Command("generations", "List your home's generations: number, date, configuration, source commit, store path.")
        {
            json, expire, remove, diff, verbosity,
        };
        command.SetAction(result =>
        {
            var switcher = UserHome.Switcher(new ConsoleEnvLog(result.GetValue(verbosity)));
            var removing = result.GetValue(remove) is { Length: > 0 } numbers ? numbers : null;
            var comparing = result.GetValue(diff) is { Length: 2 } pair ? pair : null;
            if ((result.GetValue(expire) is null ? 0 : 1) + (removing is null ? 0 : 1) + (comparing is null ? 0 : 1) > 1)
                throw new EnvException(EnvCode.ENV0709, "--expire, --remove and --diff do not go together; give one of them.", null);
            if (removing is not null)
            {
                var removed = switcher.Remove(removing);
                Console.Error.WriteLine($"Removed generation{(removed.Count == 1 ? "" : "s")} {string.Join(", ", removed)}; 'dotnet env gc' can now free their store entries.");
                return 0;
            }
            if (comparing is not null)
            {
                var (from, to, changes) = switcher.Diff(comparing[0], comparing[1]);
                Console.Out.WriteLine($"Generation {from} → {to}:");
                foreach (var line in changes.IsEmpty ? ["No tools, files or variables differ."] : changes.Lines()) Console.Out.WriteLine("  " + line);
                return 0;
            }
            if (result.GetValue(expire) is { } age)
            {
                var forgotten = switcher.Expire(ParseAge(age), DateTimeOffset.UtcNow);
                Console.Error.WriteLine(forgotten.Count == 0
                    ? $"No generation is older than {age} (the current one is always kept)."
                    : $"Forgot generation{(forgotten.Count == 1 ? "" : "s")} {string.Join(", ", forgotten)}; 'dotnet env gc' can now free their store entries.");
                return 0;
            }
            var generations = switcher.Generations();
            if (result.GetValue(json))
            {
                Console.Out.Write(Json(generations));
                return 0;
            }
            if (generations.Count == 0)
            {
                Console.Error.WriteLine("No generations: this home was never switched ('dotnet env switch' in a home repository).");
                return 0;
            }
            foreach (var g in generations) Console.Out.WriteLine(Line(g));
            return 0;
        });
        return command;
    }

    private static string Line(HomeGenerationInfo g)
    {
        var r = g.Record;
        var date = r is null || r.Created == DateTimeOffset.MinValue ? "?" : r.Created.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var source = r?.Source switch
        {
            { Url: { } url, Commit: { } c } => $"{url}@{Short(c)}",
            { Commit: { } c, Dirty: var dirty } => Short(c) + (dirty ? "+changes" : ""),
            _ => "-",
        };
        var missing = g.InStore ? "" : " (not in the store)";
        return $"{(g.Current ? "*" : " ")} {g.Number,4}  {date}  {PrintableText.Of(r?.Configuration ?? "-"),-16}  {PrintableText.Of(source),-12}  {g.Entry}{missing}";
    }

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;

    private static string Json(IReadOnlyList<HomeGenerationInfo> generations)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var g in generations)
            {
                w.WriteStartObject();
                w.WriteNumber("number", g.Number);
                w.WriteBoolean("current", g.Current);
                w.WriteString("entry", g.Entry);
                w.WriteBoolean("inStore", g.InStore);
                if (g.Record is { } r)
                {
                    w.WriteString("created", r.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    if (r.Configuration is null) w.WriteNull("configuration"); else w.WriteString("configuration", r.Configuration);
                    w.WriteString("project", r.Source?.Project);
                    w.WriteString("url", r.Source?.Url);
                    w.WriteString("commit", r.Source?.Commit);
                    w.WriteBoolean("dirty", r.Source?.Dirty ?? false);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>30d, 12h, as nix-collect-garbage's --delete-older-than.</summary>
    public static TimeSpan ParseAge(string text)
    {
        if (text.Length >= 2 && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            switch (text[^1])
            {
                // An age longer than TimeSpan holds (2147483647h) is "older than anything", not an overflow.
                case 'd': return n >= TimeSpan.MaxValue.TotalDays ? TimeSpan.MaxValue : TimeSpan.FromDays(n);
                case 'h': return n >= TimeSpan.MaxValue.TotalHours ? TimeSpan.MaxValue : TimeSpan.FromHours(n);
            }
        }
        throw new EnvException(EnvCode.ENV0920, $"--expire '{PrintableText.Of(text)}' is not an age: give a number of days or hours, as 30d or 12h.", null);
    }
}
