using System.CommandLine;
using System.Text;
using System.Text.Json;
using Env.Core.Diagnostics;
using Env.Core.Home;
using Env.Core.Projects;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env options [PATH] [--json]</c>: every option of the home modules an env uses, with its kind, default, the
/// value the env gives it and its description, as <c>home-manager option</c>. Two evaluations of env.proj (the modules'
/// declarations, then the options' values), no build: nothing is fetched or written.
/// </summary>
internal static class OptionsVerb
{
    public static Command Create()
    {
        var path = CommonOptions.Path("The env whose modules' options to list");
        var json = new Option<bool>("--json") { Description = "Print the options as JSON: per module its id, prefix, description and options (name, kind, metadata, default, value, items, description)." };
        var config = SwitchVerb.ConfigOption();
        var command = new Command("options", "List the options of the home modules the env uses: name, kind, default, the env's value, description.")
        {
            path, json, config,
        };
        command.SetAction(result =>
        {
            var project = EnvProjectLocator.Find(result.GetValue(path), Environment.CurrentDirectory);
            string[] arguments = result.GetValue(config) is { } name ? [$"-p:HomeConfiguration={name}"] : [];
            using var declared = ProjectEvaluation.Read(project, ["HomeModule", "HomeModuleOption"], [], arguments, "read the home modules it uses");
            var modules = HomeModuleCatalog.Parse(Items(declared, "HomeModule"), Items(declared, "HomeModuleOption"), project);
            var options = modules.SelectMany(m => m.Options).ToList();
            var values = modules.Count == 0 || options.Count == 0
                ? null
                : ProjectEvaluation.Read(project, options.Where(o => o.Kind == HomeModuleOptionKind.Item).Select(o => o.Name).ToList(),
                    options.Where(o => o.Kind == HomeModuleOptionKind.Property).Select(o => o.Name).ToList(), arguments, "read the values it gives the modules' options");
            using (values)
            {
                var listed = HomeOptionValue.Of(modules, name => Property(values, name), name => Items(values, name));
                var text = result.GetValue(json) ? Json(listed) : Text(project, listed);
                using var stdout = Console.OpenStandardOutput();
                stdout.Write(Encoding.UTF8.GetBytes(text));
            }
            return 0;
        });
        return command;
    }

    private static string Property(JsonDocument? evaluation, string name) =>
        evaluation is not null && evaluation.RootElement.TryGetProperty("Properties", out var properties) && Find(properties, name) is { ValueKind: JsonValueKind.String } value
            ? value.GetString() ?? "" : "";

    /// <summary>An item type's items from MSBuild's JSON, with their metadata (the well-known ones too; the caller keeps what it knows).</summary>
    private static IReadOnlyList<(string Include, IReadOnlyDictionary<string, string> Metadata)> Items(JsonDocument? evaluation, string type)
    {
        var items = new List<(string, IReadOnlyDictionary<string, string>)>();
        if (evaluation is null || !evaluation.RootElement.TryGetProperty("Items", out var all) || Find(all, type) is not { ValueKind: JsonValueKind.Array } list) return items;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var include = "";
            foreach (var p in item.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String) continue;
                if (p.Name == "Identity") include = p.Value.GetString() ?? "";
                else if (!WellKnown.Contains(p.Name, StringComparer.OrdinalIgnoreCase)) metadata[p.Name] = p.Value.GetString() ?? "";
            }
            items.Add((include, metadata));
        }
        return items;
    }

    /// <summary>MSBuild's own metadata on every item, printed by -getItem, which no module declares.</summary>
    private static readonly string[] WellKnown =
    [
        "FullPath", "RootDir", "Filename", "Extension", "RelativeDir", "Directory", "RecursiveDir", "ModifiedTime", "CreatedTime", "AccessedTime",
        "DefiningProjectFullPath", "DefiningProjectDirectory", "DefiningProjectName", "DefiningProjectExtension",
    ];

    private static JsonElement? Find(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object) return null;
        foreach (var p in obj.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }

    private static string Text(string project, IReadOnlyList<(HomeModule Module, IReadOnlyList<HomeOptionValue> Options)> listed)
    {
        var text = new StringBuilder();
        if (listed.Count == 0)
            return $"{project} uses no home module. Use one with <Sdk Name=\"MODULE\" Version=\"…\" /> in a home env.proj (or 'dotnet new homemodule' to write one).\n";
        foreach (var (module, options) in listed)
        {
            text.Append(module.Id).Append(module.Description.Length > 0 ? " — " + One(module.Description) : "").Append('\n');
            if (options.Count == 0) text.Append("  (no options)\n");
            foreach (var o in options)
            {
                var kind = o.Option.Kind == HomeModuleOptionKind.Property ? "property" : $"item{(o.Option.Metadata.Count > 0 ? ", metadata " + string.Join(", ", o.Option.Metadata) : "")}";
                text.Append("  ").Append(o.Option.Name).Append(" (").Append(kind).Append(")\n");
                if (o.Option.Description.Length > 0) text.Append("    ").Append(One(o.Option.Description)).Append('\n');
                if (o.Option.Kind == HomeModuleOptionKind.Property)
                {
                    text.Append("    default: ").Append(Quoted(o.Option.Default)).Append('\n');
                    text.Append("    value:   ").Append(Quoted(o.Value)).Append('\n');
                }
                else
                {
                    text.Append("    items:   ").Append(o.Items.Count == 0 ? "none" : string.Join(", ", o.Items.Select(i =>
                        Quoted(i.Include) + (i.Metadata.Count == 0 ? "" : " (" + string.Join(", ", i.Metadata.Select(m => $"{m.Key}={Quoted(m.Value)}")) + ")")))).Append('\n');
                }
            }
        }
        return text.ToString();
    }

    private static string One(string text) => PrintableText.Of(text.ReplaceLineEndings(" "));

    private static string Quoted(string value) => "\"" + PrintableText.Of(value).Replace("\"", "\\\"") + "\"";

    private static string Json(IReadOnlyList<(HomeModule Module, IReadOnlyList<HomeOptionValue> Options)> listed)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("modules");
            foreach (var (module, options) in listed)
            {
                w.WriteStartObject();
                w.WriteString("id", module.Id);
                w.WriteString("prefix", module.Prefix);
                w.WriteString("description", module.Description);
                w.WriteStartArray("options");
                foreach (var o in options)
                {
                    w.WriteStartObject();
                    w.WriteString("name", o.Option.Name);
                    w.WriteString("kind", o.Option.Kind == HomeModuleOptionKind.Property ? "property" : "item");
                    if (o.Option.Kind == HomeModuleOptionKind.Property)
                    {
                        w.WriteString("default", o.Option.Default);
                        w.WriteString("value", o.Value);
                    }
                    else
                    {
                        w.WriteStartArray("metadata");
                        foreach (var m in o.Option.Metadata) w.WriteStringValue(m);
                        w.WriteEndArray();
                        w.WriteStartArray("items");
                        foreach (var i in o.Items)
                        {
                            w.WriteStartObject();
                            w.WriteString("include", i.Include);
                            w.WriteStartObject("metadata");
                            foreach (var (k, v) in i.Metadata) w.WriteString(k, v);
                            w.WriteEndObject();
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                    }
                    w.WriteString("description", o.Option.Description);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
