using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// Who wrote an item: a home module (its <c>Module</c> metadata, the module's package id) or "your configuration" (no
/// <c>Module</c>), with the file that holds it when known, so that a conflict names both sides instead of letting one win.
/// </summary>
public sealed record HomeItemOwner(string? Module, string? File)
{
    /// <summary>The metadata a module puts on every item it produces (docs/home.md, "Modules").</summary>
    public const string ModuleKey = "Module";

    /// <summary>
    /// The file that defined the item, as MSBuild names it: the task adds it to the metadata it hands Env.Core. A
    /// project cannot write it (MSBuild reserves the name), so it never comes from env.proj itself.
    /// </summary>
    public const string DefinedInKey = "DefiningProjectFullPath";

    /// <summary>A module id is a package id: bounded, and printed in messages.</summary>
    public const int MaxModuleLength = 100;

    public static readonly HomeItemOwner User = new(null, null);

    /// <summary>The owner the metadata names, and the metadata without the two owner keys (what the item's own parser checks).</summary>
    public static (HomeItemOwner Owner, IReadOnlyDictionary<string, string> Metadata) Split(IReadOnlyDictionary<string, string> metadata)
    {
        string? module = null, file = null;
        var rest = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in metadata)
        {
            if (string.Equals(key, ModuleKey, StringComparison.OrdinalIgnoreCase)) module = value.Trim().Length == 0 ? null : value.Trim();
            else if (string.Equals(key, DefinedInKey, StringComparison.OrdinalIgnoreCase)) file = value.Length == 0 ? null : value;
            else rest[key] = value;
        }
        return (new HomeItemOwner(module, file), rest);
    }

    /// <summary>"Env.Home.Git (its file)" is too long for every message: a module is named by its id, the user by the file.</summary>
    public string Describe() => Module is not null
        ? $"module {PrintableText.Of(Module.Length > MaxModuleLength ? Module[..MaxModuleLength] : Module)}"
        : File is not null ? $"your configuration ({PrintableText.Of(File)})" : "your configuration";

    public bool IsModule => Module is not null;

    /// <summary>Two items of one owner (same module, or both the user's).</summary>
    public bool SameOwnerAs(HomeItemOwner other) => string.Equals(Module, other.Module, StringComparison.OrdinalIgnoreCase)
        && (Module is not null || string.Equals(File, other.File, StringComparison.Ordinal));
}
