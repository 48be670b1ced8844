namespace Env.Core.Diagnostics;

/// <summary>Text from hostile input, for a message: control characters shown as escapes, so it cannot forge terminal output.</summary>
public static class PrintableText
{
    public static string Of(string? text) =>
        string.Concat((text ?? "").Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
