namespace Env.Core.Shell;

/// <summary>
/// What activation does to one variable, from all its <see cref="EnvVariable"/> items: set it, unset it, or put
/// entries before and after what it holds. Every generator saves the variable once and restores it once from this.
/// </summary>
public sealed record VariableChange(string Name, EnvVarOp Kind, string Value, IReadOnlyList<string> Prepend, IReadOnlyList<string> Append)
{
    /// <summary>
    /// The changes in the order each variable first appears. <see cref="EnvVarOp.Prepend"/> stands for "adds
    /// entries" (the two lists); the parser has refused any other mix for one name.
    /// </summary>
    public static IReadOnlyList<VariableChange> Of(IReadOnlyList<EnvVariable> variables) =>
        variables.GroupBy(v => v.Name, StringComparer.Ordinal).Select(g =>
        {
            var first = g.First();
            return first.Op is EnvVarOp.Set or EnvVarOp.Unset
                ? new VariableChange(first.Name, first.Op, first.Value, [], [])
                : new VariableChange(first.Name, EnvVarOp.Prepend, "",
                    g.Where(v => v.Op == EnvVarOp.Prepend).Select(v => v.Value).ToList(),
                    g.Where(v => v.Op == EnvVarOp.Append).Select(v => v.Value).ToList());
        }).ToList();

    public bool AddsEntries => Kind == EnvVarOp.Prepend;
}
