using Env.Core.Editing;

namespace Env.Cli.Verbs;

/// <summary>What <c>dotnet env update</c> prints before it builds: one <c>tool old → new</c> line per change, as <c>dotnet outdated</c> does, then the skipped tools and why.</summary>
internal static class UpdateReport
{
    public static string Plan(IReadOnlyList<ToolUpdate> plan, string projectFile)
    {
        var file = Path.GetFileName(projectFile);
        var changes = plan.Where(u => u.Changes).ToList();
        var text = new System.Text.StringBuilder();
        if (changes.Count == 0)
        {
            text.Append(plan.Any(u => u.Kind == ToolUpdateKind.Current)
                ? $"Every package tool of {file} is at the newest version its Version allows, and locked so: nothing to update.\n"
                : $"{file} has no package tool to update.\n");
        }
        else
        {
            text.Append($"{file}: {changes.Count} tool{(changes.Count == 1 ? "" : "s")} to update\n");
            var width = changes.Max(u => u.Name.Length);
            foreach (var u in changes)
            {
                var where = u.Kind == ToolUpdateKind.Relocked ? $"   (Version=\"{u.Requested}\" stays; env.lock.json only{(u.Note is null ? "" : $"; {u.Note}")})" : "";
                text.Append($"   {u.Name.PadRight(width)}   {u.From ?? "-"} → {u.To}{where}\n");
            }
        }
        foreach (var u in plan.Where(u => u.Kind == ToolUpdateKind.Current && u.Note is not null))
            text.Append($"   {u.Name}: {u.Note}\n");
        foreach (var u in plan.Where(u => u.Kind == ToolUpdateKind.Skipped))
            text.Append($"   {u.Name}: skipped: {u.Note}\n");
        return text.ToString();
    }
}
