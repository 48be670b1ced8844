using System.Reflection;
using System.Text;
using Env.Core.Fetching;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>
/// A task's inputs in one line, for the log at low importance (<c>-v:d</c>): what a bug report needs to tell which
/// store, lock and mode a task ran with. Every parameter an Env.Sdk task declares, outputs excepted; items by their
/// names only, never their metadata (an EnvVar's Value may be a secret), and every value through
/// <see cref="UrlRedaction"/> (a mirror's or a substitute feed's URL may carry a user name and password).
/// </summary>
internal static class TaskInputs
{
    private const int MaxItemsShown = 20;

    public static string Describe(ITask task)
    {
        var text = new StringBuilder($"{task.GetType().Name} inputs:");
        foreach (var property in task.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.CanWrite && p.DeclaringType is { } t && t.Namespace == typeof(TaskInputs).Namespace)
                     .Where(p => p.GetCustomAttribute<OutputAttribute>() is null)
                     .OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.Append(' ').Append(property.Name).Append('=').Append(UrlRedaction.Redact(Value(property.GetValue(task)))).Append(';');
        }
        return text.ToString();
    }

    private static string Value(object? value) => value switch
    {
        null => "",
        ITaskItem[] items when items.Length > MaxItemsShown => $"{string.Join(",", items.Take(MaxItemsShown).Select(i => i.ItemSpec))},… ({items.Length} items)",
        ITaskItem[] items => string.Join(",", items.Select(i => i.ItemSpec)),
        _ => value.ToString() ?? "",
    };
}
