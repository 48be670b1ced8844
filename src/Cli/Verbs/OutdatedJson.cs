using Env.Core.Editing;

namespace Env.Cli.Verbs;

/// <summary><c>outdated --json</c>'s serializer, generated at compile time (no reflection at startup, trimming-safe).</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<OutdatedTool>))]
internal sealed partial class OutdatedJson : System.Text.Json.Serialization.JsonSerializerContext;
