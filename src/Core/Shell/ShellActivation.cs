using Env.Core.Diagnostics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Env.Core.Shell;

/// <summary>
/// What every activate script does, whatever its shell: put <see cref="PathEntries"/> first on PATH, apply
/// <see cref="Variables"/> in order, and mark the shell with <c>ENVSDK_ENV</c> = <see cref="ProjectFile"/>.
/// env.json records exactly this, so the <c>dotnet env</c> command regenerates any script from it
/// (<see cref="FromEnvJson"/>) without MSBuild.
/// </summary>
public sealed record ShellActivation(string ProjectFile, IReadOnlyList<string> PathEntries, IReadOnlyList<EnvVariable> Variables)
{
    /// <summary>The variable changes, one per name, for the generators.</summary>
    public IReadOnlyList<VariableChange> Changes => VariableChange.Of(Variables);

    /// <summary>env.json's <c>variables</c>: a list of <c>{ "name", "op", "value" }</c> in env.proj's order (no value for unset).</summary>
    public static JArray VariablesToJson(IReadOnlyList<EnvVariable> variables) =>
        new(variables.Select(v =>
        {
            var o = new JObject { ["name"] = v.Name, ["op"] = EnvVarOps.Name(v.Op) };
            if (v.Op != EnvVarOp.Unset) o["value"] = v.Value;
            return o;
        }));

    /// <summary>
    /// Reads the activation back from env.json's text (format 2). The file may come with a checkout, so everything is
    /// checked as env.proj's items are (names, values, sizes, mixes; ENV0015–ENV0026) and anything malformed is
    /// refused (ENV0614) naming <paramref name="file"/>.
    /// </summary>
    public static ShellActivation FromEnvJson(string json, string? file)
    {
        JObject doc;
        try
        {
            doc = JObject.Parse(json, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
        }
        catch (JsonException ex)
        {
            throw Malformed($"it is not valid JSON ({ex.Message})", file);
        }
        if (doc["format"] is not JValue { Type: JTokenType.Integer } format || (long)format != 2)
            throw Malformed("its \"format\" is not 2, the one this Env.Sdk writes", file);
        var project = Text(doc["project"], "project", file);
        if (doc["path"] is not JArray path) throw Malformed("\"path\" is not a list", file);
        var entries = path.Select(p => Text(p, "path", file)).ToList();
        if (doc["variables"] is not JArray list) throw Malformed("\"variables\" is not a list", file);
        var variables = new List<(string, IReadOnlyDictionary<string, string>)>();
        foreach (var item in list)
        {
            if (item is not JObject o) throw Malformed("an entry of \"variables\" is not an object", file);
            var name = Text(o["name"], "variables[].name", file);
            var op = EnvVarOps.Parse(Text(o["op"], "variables[].op", file)) ?? throw Malformed($"variable '{PrintableText.Of(name)}' has an \"op\" other than set, prepend, append, unset", file);
            var metadata = op switch
            {
                EnvVarOp.Unset => new Dictionary<string, string> { ["Unset"] = "true" },
                _ => new Dictionary<string, string> { [op == EnvVarOp.Set ? "Value" : op.ToString()] = Text(o["value"], "variables[].value", file) },
            };
            variables.Add((name, metadata));
        }
        return new ShellActivation(project, entries, EnvVariableParser.ParseAll(variables, file));
    }

    private static string Text(JToken? token, string what, string? file) =>
        token is JValue { Type: JTokenType.String } v && !((string)v!).Contains('\0') ? (string)v! : throw Malformed($"\"{what}\" is missing or not a string", file);

    private static EnvException Malformed(string why, string? file) =>
        new("ENV0614", $"env.json cannot be read: {why}. Build the env again ('dotnet build' on its env.proj) to rewrite it.", file);
}
