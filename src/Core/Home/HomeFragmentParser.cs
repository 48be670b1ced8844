using System.Globalization;
using System.Text;
using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// Turns the <c>HomeFragment</c> items into <see cref="HomeFragmentSpec"/>s, all of them or none: the place as a
/// HomeFile's (ENV0042), and the metadata (ENV0061): a <c>Text</c> of at most <see cref="MaxTextBytes"/>, an
/// <c>Order</c> from 0 to <see cref="MaxOrder"/>, a true-or-false <c>Executable</c>, an <c>OnChange</c> as a HomeFile's,
/// and <c>Module</c>, the module that wrote it.
/// </summary>
public static class HomeFragmentParser
{
    /// <summary>The order of a fragment that does not say: user lines, after a module's header (100) and the session line (500).</summary>
    public const int DefaultOrder = 1000;

    public const int MaxOrder = 100_000;

    /// <summary>A fragment is lines of a configuration file, not a file's worth of data: 1 MiB.</summary>
    public const int MaxTextBytes = 1024 * 1024;

    private static readonly string[] Known = ["Text", "Order", "Executable", "OnChange"];

    public static IReadOnlyList<HomeFragmentSpec> ParseAll(IEnumerable<(string Include, IReadOnlyDictionary<string, string> Metadata)> items, string? projectFile)
    {
        var fragments = new List<HomeFragmentSpec>();
        foreach (var (include, written) in items)
        {
            var (owner, metadata) = HomeItemOwner.Split(written);
            if (HomePath.Refusal(include) is { } why)
                throw new EnvException(EnvCode.ENV0042, $"HomeFragment '{HomePath.Printable(include)}'{Of(owner)} cannot be a place in the home folder: {why}. Write its path relative to the home folder with '/', as '.bashrc'.", projectFile);
            foreach (var key in metadata.Keys)
            {
                if (!Known.Contains(key, StringComparer.OrdinalIgnoreCase))
                    throw Metadata(include, owner, $"has unknown metadata '{PrintableText.Of(key)}'; it takes Text, and Order, Executable, OnChange and Module", projectFile);
            }
            var text = Value(metadata, "Text") ?? throw Metadata(include, owner, "has no Text", projectFile);
            if (Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
                throw Metadata(include, owner, $"has a Text over {MaxTextBytes} bytes; a fragment is lines of a file, so put data in a HomeFile with Source", projectFile);
            var order = DefaultOrder;
            if (Value(metadata, "Order") is { Length: > 0 } written2 &&
                (!int.TryParse(written2.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out order) || order > MaxOrder))
                throw Metadata(include, owner, $"has Order=\"{PrintableText.Of(written2)}\"; Order is a whole number from 0 to {MaxOrder} (lower comes first; {DefaultOrder} when not given)", projectFile);
            bool? executable = Value(metadata, "Executable")?.Trim().ToLowerInvariant() switch
            {
                null or "" => null,
                "true" => true,
                "false" => false,
                _ => throw Metadata(include, owner, $"has Executable=\"{PrintableText.Of(Value(metadata, "Executable")!)}\"; it takes true or false", projectFile),
            };
            var onChange = Value(metadata, "OnChange") is { Length: > 0 } c ? c : null;
            if (onChange is not null && (string.IsNullOrWhiteSpace(onChange) || onChange.Contains('\0') || onChange.Length > HomeActivationParser.MaxCommandLength))
                throw Metadata(include, owner, $"has an OnChange that is blank, holds a NUL or is longer than {HomeActivationParser.MaxCommandLength} characters; put a long script in a file and run that", projectFile);
            fragments.Add(new HomeFragmentSpec(include, text, order, executable, onChange, owner));
        }
        return fragments;
    }

    private static string? Value(IReadOnlyDictionary<string, string> metadata, string name) =>
        metadata.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string Of(HomeItemOwner owner) => owner.IsModule ? $" (of {owner.Describe()})" : "";

    private static EnvException Metadata(string include, HomeItemOwner owner, string what, string? projectFile) =>
        new(EnvCode.ENV0061, $"HomeFragment '{HomePath.Printable(include)}'{Of(owner)} {what}. Write <HomeFragment Include=\".bashrc\" Text=\"…\" Order=\"1000\" />; Executable=\"true\" and OnChange=\"command\" are optional.", projectFile);
}
