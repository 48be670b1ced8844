using Env.Core.Tools;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>
/// Where an item is written: the file that defined it and the line and column of its element, so that an error about
/// one Tool, EnvVar or HomeFile reads <c>env.proj(12,6): error ENVnnnn</c> and an editor or CI annotation jumps to it.
/// </summary>
/// <remarks>
/// MSBuild hands a task evaluated items without their XML location (a task sees <see cref="ITaskItem"/>, not the
/// item's element), but every item carries <c>DefiningProjectFullPath</c>: the file that holds it, env.proj or an
/// import (homes/NAME.props, a tool set's props). That one file is read again, with the same reader as the project
/// check (<see cref="DeclaredItems"/>), and the element found by its type and Include as written. Only on the error
/// path: a build that succeeds reads nothing more. An Include built from properties that does not read as the item's
/// name is matched only when it is the file's one item of that type; otherwise the error names the file alone.
/// </remarks>
internal sealed record ItemLocation(string File, int Line, int Column)
{
    public static ItemLocation Of(ITaskItem item, string itemType, string projectFile)
    {
        var file = item.GetMetadata("DefiningProjectFullPath");
        if (string.IsNullOrEmpty(file)) file = projectFile;
        var declared = DeclaredItems.ReadOne(file).Where(d => string.Equals(d.ItemType, itemType, StringComparison.OrdinalIgnoreCase) && d.Include is not null).ToList();
        var match = Find(declared, item.ItemSpec, StringComparison.Ordinal)
            ?? Find(declared, item.ItemSpec, StringComparison.OrdinalIgnoreCase)
            ?? (declared.Count == 1 ? declared[0] : null);
        return match is null ? new ItemLocation(file, 0, 0) : new ItemLocation(file, match.Line, match.Column);
    }

    private static DeclaredItem? Find(List<DeclaredItem> declared, string name, StringComparison comparison) =>
        declared.FirstOrDefault(d => d.Include!.Split(';', StringSplitOptions.TrimEntries).Any(part => string.Equals(part, name, comparison)));
}
