using System.Text;
using System.Text.RegularExpressions;
using Env.Core.Diagnostics;

namespace Env.Core.Shell;

/// <summary>An <c>EnvVar</c> item: a variable the dev shell sets.</summary>
public sealed partial record EnvVariable(string Name, string Value)
{
    /// <summary>
    /// The kernel's limit for one string of a new program's environment (MAX_ARG_STRLEN, 32 pages): longer,
    /// and every program started from the shell fails with E2BIG. Counted in UTF-8 bytes with "NAME=" and the NUL.
    /// </summary>
    public const int MaxEntryBytes = 131072;

    public static EnvVariable Create(string name, string value, string? projectFile)
    {
        if (!NamePattern().IsMatch(name))
            throw new EnvException("ENV0015", $"EnvVar '{PrintableText.Of(name)}' is not a portable variable name: use ASCII letters, digits and '_', not starting with a digit.", projectFile);
        if (VariableNamePolicy.Refusal(name) is { } why)
            throw new EnvException("ENV0019", $"EnvVar '{name}' cannot be set by an environment: {why}. Use another name (see 'EnvVar items' in docs/env-proj.md).", projectFile);
        if (value.Contains('\0'))
            throw new EnvException("ENV0015", $"EnvVar '{name}' contains a NUL character, which no environment variable can hold.", projectFile);
        var bytes = Encoding.UTF8.GetByteCount(name) + 1 + Encoding.UTF8.GetByteCount(value) + 1;
        if (bytes > MaxEntryBytes)
        {
            throw new EnvException("ENV0021",
                $"EnvVar '{name}' is {bytes} bytes as NAME=value; the kernel starts no program whose environment holds a string over {MaxEntryBytes} bytes. Shorten the value (put long content in a file and set its path).",
                projectFile);
        }
        return new EnvVariable(name, value);
    }

    // \A and \z: '^' and '$' would accept a name ending in a newline.
    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex NamePattern();
}
