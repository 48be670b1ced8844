using System.Text;
using System.Text.RegularExpressions;

namespace Env.Core.Tests.Shell;

/// <summary>
/// The three dotenv readers .envsdk/.env is written for, ported line by line from their sources (none is installable
/// here): VS Code's C# extension (src/coreclrDebug/parsedEnvironmentFile.ts), docker compose (compose-go
/// dotenv/parser.go) and JetBrains' EnvFile plugin (DotEnvFileParser.java). Each returns the variables a file sets.
/// </summary>
internal static class DotEnvReaders
{
    /// <summary>The C# debugger's <c>envFile</c>: one line per variable, quotes stripped, <c>\n</c> only in double quotes.</summary>
    public static Dictionary<string, string> CSharpDebugger(string content)
    {
        var env = new Dictionary<string, string>();
        if (content.StartsWith('\uFEFF')) content = content[1..];
        foreach (var line in content.Split('\n'))
        {
            // JavaScript's '.' stops at \n, \r, U+2028 and U+2029; its '$' (no m flag) is the end of the input.
            var m = Regex.Match(line, @"\A\s*([A-Za-z0-9_.-]+)\s*=\s*([^\n\r\u2028\u2029]*)?\s*\z");
            if (!m.Success) continue;
            var value = m.Groups[2].Value;
            if (value.Length > 0 && value[0] == '"' && value[^1] == '"') value = value.Replace("\\n", "\n");
            value = Regex.Replace(value, "\\A['\"]|['\"]\\z", "");
            env[m.Groups[1].Value] = value;
        }
        return env;
    }

    /// <summary>
    /// docker compose's <c>env_file</c>: statements, <c>#</c> comments, quoted values that may span lines; single quotes
    /// keep everything but <c>\'</c>; double quotes take escapes and interpolate <c>$</c> (which this port refuses to
    /// meet: the writer must never leave a <c>$</c> for compose to expand).
    /// </summary>
    public static Dictionary<string, string> Compose(string src)
    {
        var env = new Dictionary<string, string>();
        var pos = 0;
        while (true)
        {
            while (pos < src.Length && char.IsWhiteSpace(src[pos])) pos++;
            if (pos >= src.Length) return env;
            if (src[pos] == '#')
            {
                var nl = src.IndexOf('\n', pos);
                if (nl < 0) return env;
                pos = nl;
                continue;
            }
            if (Regex.IsMatch(src[pos..], @"\Aexport\s")) { pos += 6; while (IsSpace(src[pos])) pos++; }
            var keyStart = pos;
            while (src[pos] is not ('=' or ':' or '\n'))
            {
                if (!(char.IsLetterOrDigit(src[pos]) || src[pos] is '_' or '.' or '-' or '[' or ']' || IsSpace(src[pos])))
                    throw new FormatException($"unexpected character {src[pos]} in variable name");
                pos++;
            }
            var key = src[keyStart..pos].TrimEnd();
            pos++;
            while (pos < src.Length && IsSpace(src[pos])) pos++;
            if (pos < src.Length && src[pos] is '\'' or '"')
            {
                var quote = src[pos];
                var chars = new StringBuilder();
                var escape = false;
                var i = pos + 1;
                for (; i < src.Length; i++)
                {
                    var c = src[i];
                    if (c != quote)
                    {
                        if (!escape && c == '\\') { escape = true; continue; }
                        if (escape) { escape = false; chars.Append('\\'); }
                        chars.Append(c);
                        continue;
                    }
                    if (escape) { escape = false; chars.Append(c); continue; }
                    break;
                }
                if (i >= src.Length) throw new FormatException("unterminated quoted value");
                var value = chars.ToString();
                if (quote == '"')
                {
                    value = Regex.Replace(value, @"\\(?:[abcfnrtv$""\\]|0\d{0,3})", e => e.Value switch
                    {
                        "\\n" => "\n", "\\r" => "\r", "\\t" => "\t", "\\\"" => "\"", "\\\\" => "\\", "\\$" => "$$",
                        _ => throw new FormatException("an escape the writer should not produce: " + e.Value),
                    });
                    if (value.Contains('$')) throw new FormatException("compose would interpolate " + value);
                }
                env[key] = value;
                pos = i + 1;
            }
            else
            {
                var nl = src.IndexOf('\n', pos);
                var raw = nl < 0 ? src[pos..] : src[pos..nl];
                var cut = raw.IndexOf(" #", StringComparison.Ordinal);
                if (cut >= 0) raw = raw[..cut];
                if (raw.Contains('$')) throw new FormatException("compose would interpolate " + raw);
                env[key] = raw.TrimEnd();
                pos = nl < 0 ? src.Length : nl;
            }
        }
    }

    /// <summary>JetBrains' EnvFile plugin (substitution off, its default).</summary>
    public static Dictionary<string, string> EnvFile(string data)
    {
        var result = new Dictionary<string, string>();
        var quotedValue = new Regex("\\A\"(.*[^\\\\])?\"\\z", RegexOptions.Singleline);
        foreach (var l in Regex.Split(data, "\r\n|[\n\v\f\r\u0085\u2028\u2029]"))
        {
            var stripped = JavaTrim(l);
            if (stripped.StartsWith('#')) continue;
            var eq = stripped.IndexOf('=');
            if (eq < 0) continue;
            var key = stripped[..eq];
            if (key.StartsWith("export ", StringComparison.Ordinal)) key = JavaTrim(key[7..]);
            var raw = JavaTrim(stripped[(eq + 1)..]);
            if (raw.StartsWith('"') && !quotedValue.IsMatch(raw)) throw new FormatException("a multi-line value the writer should not produce");
            string value;
            if ((raw.StartsWith('"') && raw.EndsWith('"') && raw.Length > 1) || (raw.StartsWith('\'') && raw.EndsWith('\'') && raw.Length > 1))
                value = raw[1..^1].Replace("\\n", "\n");
            else
                value = JavaTrim(Regex.Replace(Regex.Replace(raw, @"\s#.*\z", ""), @"(\s)\\#", "$1#"));
            result[key] = value.Replace("\\\"", "\"");
        }
        return result;
    }

    private static bool IsSpace(char c) => c is '\t' or '\v' or '\f' or '\r' or ' ' or '\u0085' or '\u00A0';

    private static string JavaTrim(string s) => s.Trim(Enumerable.Range(0, 33).Select(i => (char)i).ToArray());
}
