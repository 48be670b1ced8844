namespace Env.Core.Home;

/// <summary>
/// A home module in use, as its package declares itself (<c>&lt;HomeModule Include="Env.Home.Git" Prefix="Git" … /&gt;</c>
/// in its Sdk.props): its id (the package id), the <see cref="Prefix"/> every option name starts with, and its options.
/// </summary>
public sealed record HomeModule(string Id, string Prefix, string Description, IReadOnlyList<HomeModuleOption> Options);

/// <summary>Whether a module's option is a property (<c>&lt;GitUserName&gt;</c>) or an item type (<c>&lt;GitAlias Include=… /&gt;</c>).</summary>
public enum HomeModuleOptionKind
{
    Property,
    Item,
}

/// <summary>
/// One option of a home module (<c>HomeModuleOption</c>): a property with its <see cref="Default"/>, or an item type with
/// the <see cref="Metadata"/> it takes.
/// </summary>
public sealed record HomeModuleOption(string Name, string Module, HomeModuleOptionKind Kind, IReadOnlyList<string> Metadata, string Default, string Description);
