using Env.Core.Model;

namespace Env.Core.Tools;

/// <summary>
/// <see cref="ToolSelection.Survey"/> of one env's tools for any platform, each asked once: a restore asks about every
/// platform the lock records an absent tool on.
/// </summary>
internal sealed class PlatformSurvey(IReadOnlyList<ToolSpec> specs)
{
    private readonly Dictionary<string, PlatformChoice> _byRid = new(StringComparer.Ordinal);

    public PlatformChoice Of(string rid)
    {
        if (!_byRid.TryGetValue(rid, out var choice)) _byRid[rid] = choice = ToolSelection.Survey(specs, rid);
        return choice;
    }
}
