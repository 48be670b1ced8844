using System.Text;
using System.Text.Json;
using Env.Core.Shell;

namespace Env.Cli;

/// <summary>The texts <c>dotnet env print</c> writes: JSON for programs, scripts to evaluate, lines for CI.</summary>
internal static class PrintFormat
{
    public static readonly string[] Names = ["json", "sh", "fish", "pwsh", "cmd", "github-actions"];

    public static string Render(string format, BuiltEnv env) => format switch
    {
        "json" => Json(env.Manifest),
        // The activate scripts without ShellHooks: what 'eval' needs, and nothing interactive.
        "sh" or "fish" or "pwsh" or "cmd" => ActivateScript.Generate(ShellFamilies.Parse(format)!.Value, env.Manifest.Activation),
        "github-actions" => GitHubActionsFormat.Generate(env.Manifest, ActivatedEnvironment.Current()),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    private static string Json(EnvManifest m)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("project", m.Project);
            w.WriteString("name", m.Name);
            w.WriteString("profile", m.Profile);
            Strings(w, "path", m.PathEntries);
            // What each variable becomes, in the order env.proj gives: set to a value, unset (null), or entries put
            // before and after what it holds.
            w.WriteStartObject("variables");
            foreach (var c in m.Activation.Changes)
            {
                switch (c.Kind)
                {
                    case EnvVarOp.Set: w.WriteString(c.Name, c.Value); break;
                    case EnvVarOp.Unset: w.WriteNull(c.Name); break;
                    default:
                        w.WriteStartObject(c.Name);
                        Strings(w, "prepend", c.Prepend);
                        Strings(w, "append", c.Append);
                        w.WriteEndObject();
                        break;
                }
            }
            w.WriteEndObject();
            w.WriteStartArray("tools");
            foreach (var t in m.Tools)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteString("version", t.Version);
                w.WriteString("storePath", t.StorePath);
                Strings(w, "commands", t.Commands);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
