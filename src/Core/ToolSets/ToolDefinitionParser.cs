using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Model;

namespace Env.Core.ToolSets;

/// <summary>
/// Judges a <c>ToolDefinition</c> item: exactly as a <c>Tool</c> item (<see cref="ToolSpecParser"/>: names, metadata,
/// Url, Hash, Bin), so a set can define nothing an env.proj could not write itself; and, since the definition travels
/// to envs in other folders, with an absolute Url. The one path for both readers: MSBuild's evaluated items and
/// <see cref="ToolSetFile"/>'s literal ones.
/// </summary>
public static class ToolDefinitionParser
{
    public static ToolSpec Parse(ToolDefinitionItem item)
    {
        if (item.Metadata.FirstOrDefault(kv => string.Equals(kv.Key, "Url", StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } url
            && !Uri.TryCreate(url.Trim(), UriKind.Absolute, out _))
        {
            throw new EnvException(EnvCode.ENV0445,
                $"Tool set {item.File}{At(item)}: ToolDefinition '{item.Name}' has the relative Url '{UrlRedaction.Redact(url)}'. A set is used from other folders, so its Url must be absolute (https://…).",
                item.File);
        }
        return ToolSpecParser.Parse(item.Name, item.Metadata, item.File);
    }

    /// <summary>Every item of one set, refusing two items of one tool for one platform (ENV0014, naming the set file).</summary>
    public static IReadOnlyList<ToolSpec> ParseAll(IEnumerable<ToolDefinitionItem> items)
    {
        var specs = items.Select(Parse).ToList();
        ToolSelection.GroupByTool(specs);
        return specs;
    }

    private static string At(ToolDefinitionItem item) => item.Line > 0 ? $" (line {item.Line})" : "";
}
