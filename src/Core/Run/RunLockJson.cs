using System.Text.Json;
using System.Text.Json.Serialization;

namespace Env.Core.Run;

/// <summary>
/// The run lock's JSON, generated at compile time: the warm path of <c>dotnet env run</c> reads it with no reflection,
/// which Native AOT makes a few hundred microseconds instead of the tens of milliseconds a reflection serializer costs.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    WriteIndented = true,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    // A key twice is refused, not 'the last wins': which entry a run starts must not hide behind a second one.
    AllowDuplicateProperties = false,
    MaxDepth = 16)]
[JsonSerializable(typeof(RunLockDocument))]
internal sealed partial class RunLockJson : JsonSerializerContext;

/// <summary>The file's shape: <c>{ "format": 1, "runs": { KEY: RunLockEntry } }</c>.</summary>
internal sealed class RunLockDocument
{
    public int Format { get; set; }

    public Dictionary<string, RunLockEntry> Runs { get; set; } = new(StringComparer.Ordinal);
}
