using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// The modules an env uses and their options, from the <c>HomeModule</c> and <c>HomeModuleOption</c> items their
/// packages declare, all of them or none (ENV0064, naming the module): an id that is a package id, a <c>Prefix</c> that
/// every option name of the module starts with, an option of a declared module with a <c>Kind</c> of Property or Item,
/// no name twice. Read by the build (to find misspelt options, <see cref="HomeModuleOptionCheck"/>) and by
/// <c>dotnet env options</c>.
/// </summary>
public static class HomeModuleCatalog
{
    public const int MaxModules = 500;

    public const int MaxOptions = 10_000;

    /// <summary>A name or a prefix is an MSBuild name; longer is no option anyone types.</summary>
    public const int MaxNameLength = 100;

    /// <summary>A description is a line or a paragraph printed by <c>dotnet env options</c>; a default, a property's value.</summary>
    public const int MaxTextLength = 4096;

    private static readonly string[] ModuleKnown = ["Prefix", "Description"];
    private static readonly string[] OptionKnown = ["Module", "Kind", "Metadata", "Default", "Description"];

    public static IReadOnlyList<HomeModule> Parse(IReadOnlyList<(string Include, IReadOnlyDictionary<string, string> Metadata)> modules,
        IReadOnlyList<(string Include, IReadOnlyDictionary<string, string> Metadata)> options, string? projectFile)
    {
        if (modules.Count > MaxModules || options.Count > MaxOptions)
            throw Refused($"The env uses {modules.Count} HomeModule and {options.Count} HomeModuleOption items, more than {MaxModules} and {MaxOptions}", projectFile);
        var declared = new List<(string Id, string Prefix, string Description)>();
        foreach (var (id, metadata) in modules)
        {
            if (!IsPackageId(id))
                throw Refused($"HomeModule '{PrintableText.Of(id)}' is not a package id (letters, digits, '.', '_', '-'; at most {HomeItemOwner.MaxModuleLength})", projectFile);
            Unknown($"HomeModule '{id}'", metadata, ModuleKnown, projectFile);
            var prefix = Value(metadata, "Prefix").Trim();
            if (!IsName(prefix))
                throw Refused($"HomeModule '{id}' has Prefix=\"{PrintableText.Of(prefix)}\"; every option name of the module starts with its Prefix, an MSBuild name (a letter or '_', then letters, digits, '_', '-')", projectFile);
            if (declared.Any(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase)))
                throw Refused($"HomeModule '{id}' is declared twice (is the module used twice, or two versions of it?)", projectFile);
            declared.Add((id, prefix, Text($"HomeModule '{id}'", metadata, "Description", projectFile)));
        }
        var parsed = new List<HomeModuleOption>();
        foreach (var (name, metadata) in options)
        {
            var moduleId = Value(metadata, "Module").Trim();
            var module = declared.FirstOrDefault(d => string.Equals(d.Id, moduleId, StringComparison.OrdinalIgnoreCase));
            var who = $"HomeModuleOption '{PrintableText.Of(name)}' of module {PrintableText.Of(moduleId)}";
            if (module.Id is null)
                throw Refused($"{who} names no HomeModule the env uses (modules: {(declared.Count == 0 ? "none" : string.Join(", ", declared.Select(d => d.Id)))}); give Module=\"<the module's package id>\"", projectFile);
            Unknown(who, metadata, OptionKnown, projectFile);
            if (!IsName(name))
                throw Refused($"{who} is not an MSBuild name (a letter or '_', then letters, digits, '_', '-'; at most {MaxNameLength})", projectFile);
            if (!name.StartsWith(module.Prefix, StringComparison.OrdinalIgnoreCase))
                throw Refused($"{who} does not start with the module's Prefix '{module.Prefix}': the prefix is how a misspelt option is found, so every option has it", projectFile);
            var kind = Value(metadata, "Kind").Trim().ToLowerInvariant() switch
            {
                "property" => HomeModuleOptionKind.Property,
                "item" => HomeModuleOptionKind.Item,
                _ => throw Refused($"{who} has Kind=\"{PrintableText.Of(Value(metadata, "Kind"))}\"; Kind is Property or Item", projectFile),
            };
            var taken = Value(metadata, "Metadata").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (kind == HomeModuleOptionKind.Property && taken.Count > 0)
                throw Refused($"{who} is a Property and lists Metadata; only an Item option takes metadata", projectFile);
            if (taken.FirstOrDefault(m => !IsName(m)) is { } bad)
                throw Refused($"{who} lists the metadata '{PrintableText.Of(bad)}', which is not an MSBuild name", projectFile);
            var defaultValue = Text(who, metadata, "Default", projectFile);
            if (kind == HomeModuleOptionKind.Item && defaultValue.Length > 0)
                throw Refused($"{who} is an Item and gives a Default; an item option's default is no items", projectFile);
            if (parsed.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)) is { } twice)
                throw Refused($"{who} is also an option of module {twice.Module} (MSBuild names ignore case); each option is declared once", projectFile);
            parsed.Add(new HomeModuleOption(name, module.Id, kind, taken, defaultValue, Text(who, metadata, "Description", projectFile)));
        }
        return declared.Select(d => new HomeModule(d.Id, d.Prefix, d.Description,
            parsed.Where(o => string.Equals(o.Module, d.Id, StringComparison.OrdinalIgnoreCase)).ToList())).ToList();
    }

    /// <summary>A NuGet package id: what <c>&lt;Sdk Name=… /&gt;</c> names.</summary>
    public static bool IsPackageId(string id) =>
        id.Length is > 0 and <= HomeItemOwner.MaxModuleLength && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>An MSBuild property, item or metadata name.</summary>
    public static bool IsName(string name) =>
        name.Length is > 0 and <= MaxNameLength && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static void Unknown(string who, IReadOnlyDictionary<string, string> metadata, string[] known, string? projectFile)
    {
        foreach (var key in metadata.Keys)
        {
            if (!known.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw Refused($"{who} has unknown metadata '{PrintableText.Of(key)}'; it takes {string.Join(", ", known)}", projectFile);
        }
    }

    private static string Value(IReadOnlyDictionary<string, string> metadata, string name) =>
        metadata.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value ?? "";

    private static string Text(string who, IReadOnlyDictionary<string, string> metadata, string name, string? projectFile)
    {
        var text = Value(metadata, name);
        if (text.Length > MaxTextLength || text.Contains('\0'))
            throw Refused($"{who} has a {name} longer than {MaxTextLength} characters or holding a NUL", projectFile);
        return text;
    }

    private static EnvException Refused(string what, string? projectFile) =>
        new(EnvCode.ENV0064, what + ". This is the module package's own declaration: update the module, or tell its author (a module declares <HomeModule Include=\"Id\" Prefix=\"P\" /> and <HomeModuleOption Include=\"PName\" Module=\"Id\" Kind=\"Property|Item\" /> in its Sdk.props).", projectFile);
}
