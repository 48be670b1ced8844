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
        using (var w = new Utf8JsonWriter(buffer, Env.Core.IO.JsonEscaping.Indented))
        {
            w.WriteStartObject();
            w.WriteString("project", m.Project);
            w.WriteString("name", m.Name);
            w.WriteString("profile", m.Profile);
            EnvManifestJson.Strings(w, "path", m.PathEntries);
            // What each variable becomes, in the order env.proj gives: set to a value, unset (null), or entries put
            // before and after what it holds.
            w.WriteStartObject("variables");
            // PATH too: its Prepend and Append entries go around the PATH the shell had, after "path".
            foreach (var c in VariableChange.Of(m.Variables))
            {
                switch (c.Kind)
                {
                    case EnvVarOp.Set: w.WriteString(c.Name, c.Value); break;
                    case EnvVarOp.Unset: w.WriteNull(c.Name); break;
                    default:
                        w.WriteStartObject(c.Name);
                        EnvManifestJson.Strings(w, "prepend", c.Prepend);
                        EnvManifestJson.Strings(w, "append", c.Append);
                        w.WriteEndObject();
                        break;
                }
            }
            w.WriteEndObject();
            EnvManifestJson.WriteTools(w, m.Tools);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
