using Env.Core.Model;

namespace Env.Core.Editing;

/// <summary>
/// The build's rules for a tool's name and Bin paths (<see cref="ToolSpecParser"/>: ENV0001, ENV0012, ENV0017, ENV0018),
/// applied to what the user typed before anything is downloaded: <c>--bin ../../x</c> must not even be looked for.
/// </summary>
internal static class ItemRules
{
    public static void Check(string name, IReadOnlyList<string> bin, string projectFile)
    {
        var metadata = new Dictionary<string, string> { ["Version"] = "0" };
        if (bin.Count > 0) metadata["Bin"] = string.Join(";", bin);
        ToolSpecParser.Parse(name, metadata, projectFile);
    }
}
