using System.Text;
using System.Text.RegularExpressions;
using Env.Core.Diagnostics;

namespace Env.Core.Shell;

/// <summary>
/// An <c>EnvVar</c> item: a variable the dev shell sets (<see cref="EnvVarOp.Set"/>), adds one entry to
/// (<see cref="EnvVarOp.Prepend"/>, <see cref="EnvVarOp.Append"/>) or removes (<see cref="EnvVarOp.Unset"/>, whose
/// value is empty).
/// </summary>
public sealed partial record EnvVariable(string Name, string Value, EnvVarOp Op = EnvVarOp.Set)
{
    /// <summary>
    /// The kernel's limit for one string of a new program's environment (MAX_ARG_STRLEN, 32 pages): longer,
    /// and every program started from the shell fails with E2BIG. Counted in UTF-8 bytes with "NAME=" and the NUL.
    /// </summary>
    public const int MaxEntryBytes = 131072;

    public static EnvVariable Create(string name, string value, string? projectFile) => Create(name, EnvVarOp.Set, value, projectFile);

    public static EnvVariable Create(string name, EnvVarOp op, string value, string? projectFile)
    {
        if (!NamePattern().IsMatch(name))
            throw new EnvException(EnvCode.ENV0015, $"EnvVar '{PrintableText.Of(name)}' is not a portable variable name: use ASCII letters, digits and '_', not starting with a digit.", projectFile);
        if (PathVariable.Is(name)) PathVariable.Check(name, op, value, projectFile);
        else if (VariableNamePolicy.Refusal(name) is { } why)
            throw new EnvException(EnvCode.ENV0019, $"EnvVar '{name}' cannot be {Participle(op)} by an environment: {why}. Use another name.", projectFile);
        if (value.Contains('\0'))
            throw new EnvException(EnvCode.ENV0015, $"EnvVar '{name}' contains a NUL character, which no environment variable can hold.", projectFile);
        // An empty entry in a search list means the current folder (PATH, MANPATH, PKG_CONFIG_PATH…): never what was meant.
        if (op is EnvVarOp.Prepend or EnvVarOp.Append && value.Length == 0)
            throw new EnvException(EnvCode.ENV0024, $"EnvVar '{name}' {Verb(op)}s an empty entry; in a search list an empty entry means the current folder. Give the entry, or remove the item.", projectFile);
        if (op == EnvVarOp.Unset && value.Length != 0)
            throw new ArgumentException("An unset variable has no value.", nameof(value));
        CheckSize(name, Encoding.UTF8.GetByteCount(value), projectFile);
        return new EnvVariable(name, value, op);
    }

    /// <summary>Refuses (ENV0021) <c>NAME=value</c> of <paramref name="valueBytes"/> UTF-8 bytes that no program could be started with.</summary>
    internal static void CheckSize(string name, int valueBytes, string? projectFile)
    {
        var bytes = Encoding.UTF8.GetByteCount(name) + 1 + valueBytes + 1;
        if (bytes > MaxEntryBytes)
        {
            throw new EnvException(EnvCode.ENV0021,
                $"EnvVar '{name}' is {bytes} bytes as NAME=value; the kernel starts no program whose environment holds a string over {MaxEntryBytes} bytes. Shorten the value (put long content in a file and set its path).",
                projectFile);
        }
    }

    private static string Verb(EnvVarOp op) => op == EnvVarOp.Prepend ? "prepend" : "append";

    private static string Participle(EnvVarOp op) => op switch
    {
        EnvVarOp.Prepend => "prepended to",
        EnvVarOp.Append => "appended to",
        EnvVarOp.Unset => "unset",
        _ => "set",
    };

    // \A and \z: '^' and '$' would accept a name ending in a newline.
    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex NamePattern();
}
