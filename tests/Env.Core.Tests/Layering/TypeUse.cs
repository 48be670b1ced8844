namespace Env.Core.Tests.Layering;

/// <summary>
/// One type's use of another, as the compiled metadata records it: <paramref name="User"/> is the outermost type whose
/// code or declaration names <paramref name="Used"/> (a nested or compiler-generated type counts as the type it is
/// declared in, so a lambda's closure is its method's). Names are full: namespace and outermost type.
/// </summary>
internal readonly record struct TypeUse(string User, string Used);
