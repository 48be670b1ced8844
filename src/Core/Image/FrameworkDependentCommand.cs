using System.Text.Json;
using Env.Core.Profiles;

namespace Env.Core.Image;

/// <summary>
/// Whether a command needs <c>dotnet</c> at run time: a framework-dependent tool's shim (<c>dotnet exec</c>), or an
/// apphost (a RID-specific tool's native launcher) whose <c>NAME.runtimeconfig.json</c> beside it names a framework
/// (a self-contained one names none, or has none). An image without a base has no dotnet for either.
/// </summary>
public static class FrameworkDependentCommand
{
    /// <summary>A runtimeconfig is a few hundred bytes; more is not one, and is not read.</summary>
    private const int MaxRuntimeConfigBytes = 64 * 1024;

    /// <param name="command">The command as the building machine's store has it (its target a host path).</param>
    public static bool Is(Command command)
    {
        if (command.Kind == CommandKind.DotnetShim) return true;
        var target = command.Target;
        var runtimeConfig = Path.Combine(Path.GetDirectoryName(target) ?? "", Path.GetFileNameWithoutExtension(target) + ".runtimeconfig.json");
        try
        {
            if (IO.StateFile.TryRead(runtimeConfig, MaxRuntimeConfigBytes) is not { } bytes) return false;
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("runtimeOptions", out var options) && options.ValueKind == JsonValueKind.Object
                && (options.TryGetProperty("framework", out _) || options.TryGetProperty("frameworks", out _))
                && !options.TryGetProperty("includedFrameworks", out _);
        }
        catch (Exception e) when (e is JsonException or IO.StateFileException or IOException or UnauthorizedAccessException)
        {
            return false; // not a runtimeconfig the host would read either
        }
    }
}
