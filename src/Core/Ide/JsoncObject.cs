namespace Env.Core.Ide;

/// <summary>
/// Where an object of a JSONC text lies: its braces and its members, as character offsets, so an edit replaces only
/// the span it means and every other character (comments, formatting) stays.
/// </summary>
public sealed record JsoncObject(int Open, int Close, IReadOnlyList<JsoncMember> Members)
{
    /// <summary>The members of that name (more than one: the file has a duplicate key).</summary>
    public IReadOnlyList<JsoncMember> Named(string name) => Members.Where(m => m.Name == name).ToList();
}

/// <param name="Start">The name's opening quote.</param>
/// <param name="ValueEnd">Just after the value.</param>
/// <param name="Object">The value, when it is an object.</param>
/// <param name="Text">The value when it is a string; null otherwise.</param>
/// <param name="IsNull">The value is the literal null.</param>
public sealed record JsoncMember(string Name, int Start, int ValueStart, int ValueEnd, JsoncObject? Object, string? Text, bool IsNull);
