using System.Text.RegularExpressions;
using Env.Core.Diagnostics;

namespace Env.Core.Shell;

/// <summary>An <c>EnvVar</c> item: a variable the dev shell sets.</summary>
public sealed partial record EnvVariable(string Name, string Value)
{
    public static EnvVariable Create(string name, string value, string? projectFile)
    {
        if (!NamePattern().IsMatch(name))
            throw new EnvException("ENV0015", $"EnvVar '{name}' is not a portable variable name: use letters, digits and '_', not starting with a digit.", projectFile);
        if (name is "PATH" or "ENVSDK_ENV" || name.StartsWith("_ENVSDK_", StringComparison.Ordinal))
            throw new EnvException("ENV0015", $"EnvVar '{name}' is managed by Env.Sdk itself; tools are put on PATH through Tool items.", projectFile);
        if (value.Contains('\0'))
            throw new EnvException("ENV0015", $"EnvVar '{name}' contains a NUL character, which no environment variable can hold.", projectFile);
        return new EnvVariable(name, value);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();
}
