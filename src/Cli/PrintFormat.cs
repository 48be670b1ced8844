using System.Text;
using System.Text.Json;
using Env.Core.Shell;

namespace Env.Cli;

/// <summary>The texts <c>dotnet env print</c> writes: JSON for programs, scripts to evaluate, lines for CI.</summary>
internal static class PrintFormat
{
    public static readonly string[] Names = ["json", "sh", "fish", "pwsh", "github-actions"];

    public static string Render(string format, BuiltEnv env) => format switch
    {
        "json" => Json(env.Manifest),
        // The activate scripts without ShellHooks: what 'eval' needs, and nothing interactive.
        "sh" => PosixActivateScript.Generate(env.Manifest.Project, env.Manifest.PathEntries, env.Manifest.Variables),
        "fish" => FishActivateScript.Generate(env.Manifest.Project, env.Manifest.PathEntries, env.Manifest.Variables),
        "pwsh" => PwshActivateScript.Generate(env.Manifest.Project, env.Manifest.PathEntries, env.Manifest.Variables),
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
            w.WriteStartArray("path");
            foreach (var p in m.PathEntries) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteStartObject("variables");
            foreach (var v in m.Variables) w.WriteString(v.Name, v.Value);
            w.WriteEndObject();
            w.WriteStartArray("tools");
            foreach (var t in m.Tools)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteString("version", t.Version);
                w.WriteString("storePath", t.StorePath);
                w.WriteStartArray("commands");
                foreach (var c in t.Commands) w.WriteStringValue(c);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }
}
