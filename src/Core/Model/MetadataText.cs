using System.Text;

namespace Env.Core.Model;

/// <summary>
/// A metadata value as it must be written in an attribute so that MSBuild reads back exactly the value: MSBuild
/// expands <c>$( )</c>, <c>@( )</c>, <c>%( )</c> and <c>%xx</c> escapes in item metadata (a Url with <c>%20</c> would
/// lose it), so <c>%</c>, <c>$</c> and <c>@</c> are escaped as MSBuild escapes them; then the XML attribute's own
/// characters. Also what Env.Sdk writes into generated MSBuild files (&lt;c&gt;.envsdk/env.props&lt;/c&gt;).
/// </summary>
public static class MetadataText
{
    public static string Escape(string value, char quote)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '%' => "%25",
                '$' => "%24",
                '@' => "%40",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' when quote == '"' => "&quot;",
                '\'' when quote == '\'' => "&apos;",
                _ => c.ToString(),
            });
        }
        return text.ToString();
    }

    /// <summary>The value MSBuild reads from an attribute's decoded XML value: <c>%xx</c> escapes undone.</summary>
    public static string Unescape(string value)
    {
        if (!value.Contains('%')) return value;
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                text.Append((char)Convert.ToInt32(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else text.Append(value[i]);
        }
        return text.ToString();
    }
}
