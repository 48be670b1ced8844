using System.Text.Json;
using Env.Core.Diagnostics;

namespace Env.Core.Shell;

/// <summary>
/// The <c>"variables"</c> list that env.json and a home generation's <c>manifest.json</c> both hold: one
/// <c>{ "name", "op", "value" }</c> per variable in env.proj's order, no value for unset. One writer and one reader for
/// both files; what is read is judged as env.proj's items are (<see cref="EnvVariableParser"/>, ENV0015–ENV0026), and
/// anything malformed is the file's own code (<paramref name="malformed"/>).
/// </summary>
public static class EnvVariablesJson
{
    public const string Property = "variables";

    public static void Write(Utf8JsonWriter w, IReadOnlyList<EnvVariable> variables)
    {
        w.WriteStartArray(Property);
        foreach (var v in variables)
        {
            w.WriteStartObject();
            w.WriteString("name", v.Name);
            w.WriteString("op", EnvVarOps.Name(v.Op));
            if (v.Op != EnvVarOp.Unset) w.WriteString("value", v.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static IReadOnlyList<EnvVariable> Read(JsonElement root, string? file, Func<string, EnvException> malformed)
    {
        if (!root.TryGetProperty(Property, out var list) || list.ValueKind != JsonValueKind.Array) throw malformed($"\"{Property}\" is not a list");
        var variables = new List<(string, IReadOnlyDictionary<string, string>)>();
        foreach (var v in list.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Object) throw malformed($"an entry of \"{Property}\" is not an object");
            var name = JsonFields.Required(v, "name", malformed);
            var op = EnvVarOps.Parse(JsonFields.Required(v, "op", malformed))
                ?? throw malformed($"variable '{PrintableText.Of(name)}' has an \"op\" other than set, prepend, append, unset");
            IReadOnlyDictionary<string, string> metadata = op == EnvVarOp.Unset
                ? new Dictionary<string, string> { ["Unset"] = "true" }
                : new Dictionary<string, string> { [op == EnvVarOp.Set ? "Value" : op.ToString()] = JsonFields.Required(v, "value", malformed) };
            variables.Add((name, metadata));
        }
        return EnvVariableParser.ParseAll(variables, file);
    }
}
