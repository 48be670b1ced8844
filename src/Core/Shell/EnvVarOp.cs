namespace Env.Core.Shell;

/// <summary>What an <c>EnvVar</c> item does to its variable: the metadata it is written with.</summary>
public enum EnvVarOp
{
    /// <summary><c>Value="…"</c>: the variable becomes exactly this.</summary>
    Set,

    /// <summary><c>Prepend="…"</c>: an entry before the list the variable holds, with the platform's separator.</summary>
    Prepend,

    /// <summary><c>Append="…"</c>: an entry after the list the variable holds.</summary>
    Append,

    /// <summary><c>Unset="true"</c>: the variable is removed.</summary>
    Unset,
}

/// <summary>The names env.json and the docs use for each <see cref="EnvVarOp"/>.</summary>
public static class EnvVarOps
{
    public static string Name(EnvVarOp op) => op switch
    {
        EnvVarOp.Set => "set",
        EnvVarOp.Prepend => "prepend",
        EnvVarOp.Append => "append",
        EnvVarOp.Unset => "unset",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static EnvVarOp? Parse(string name) => name switch
    {
        "set" => EnvVarOp.Set,
        "prepend" => EnvVarOp.Prepend,
        "append" => EnvVarOp.Append,
        "unset" => EnvVarOp.Unset,
        _ => null,
    };
}
