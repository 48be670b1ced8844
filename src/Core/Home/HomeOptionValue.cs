namespace Env.Core.Home;

/// <summary>One item an env gives an item option: its Include and the option's metadata it sets.</summary>
public sealed record HomeOptionItem(string Include, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// An option of a module in use with what the env gives it (as <c>home-manager option</c> shows it): a property's
/// evaluated value (the module's default when the env sets none), or the items of an item option.
/// </summary>
public sealed record HomeOptionValue(HomeModuleOption Option, string Value, IReadOnlyList<HomeOptionItem> Items)
{
    /// <summary>
    /// The options of <paramref name="modules"/> with their values, read from an evaluation: <paramref name="property"/>
    /// gives a property's value, <paramref name="items"/> an item type's items with their metadata.
    /// </summary>
    public static IReadOnlyList<(HomeModule Module, IReadOnlyList<HomeOptionValue> Options)> Of(IReadOnlyList<HomeModule> modules,
        Func<string, string> property, Func<string, IReadOnlyList<(string Include, IReadOnlyDictionary<string, string> Metadata)>> items) =>
        modules.Select(m => (m, (IReadOnlyList<HomeOptionValue>)m.Options.Select(o => o.Kind == HomeModuleOptionKind.Property
            ? new HomeOptionValue(o, property(o.Name), [])
            : new HomeOptionValue(o, "", items(o.Name).Select(i => new HomeOptionItem(i.Include,
                o.Metadata.Where(k => i.Metadata.ContainsKey(k)).ToDictionary(k => k, k => i.Metadata[k], StringComparer.OrdinalIgnoreCase))).ToList())).ToList())).ToList();
}
