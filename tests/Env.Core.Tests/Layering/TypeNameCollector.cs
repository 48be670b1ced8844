using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Env.Core.Tests.Layering;

/// <summary>
/// Decodes signatures (of fields, methods, properties, locals, type specifications, generic instantiations) and
/// records every named type in them. The decoded value itself is not needed: the names are gathered into
/// <see cref="Names"/> as a side effect.
/// </summary>
internal sealed class TypeNameCollector(MetadataReader reader) : ISignatureTypeProvider<object?, object?>
{
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    public void Add(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition: Names.Add(OuterName(reader, (TypeDefinitionHandle)handle)); break;
            case HandleKind.TypeReference: Names.Add(OuterName(reader, (TypeReferenceHandle)handle)); break;
            case HandleKind.TypeSpecification:
                reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                break;
        }
    }

    /// <summary>The namespace and name of the outermost type that declares <paramref name="handle"/>.</summary>
    public static string OuterName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer) type = reader.GetTypeDefinition(outer);
        return Join(reader.GetString(type.Namespace), reader.GetString(type.Name));
    }

    public static string OuterName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        while (type.ResolutionScope.Kind == HandleKind.TypeReference) type = reader.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
        return Join(reader.GetString(type.Namespace), reader.GetString(type.Name));
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    public object? GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind) { Names.Add(OuterName(r, handle)); return null; }
    public object? GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind) { Names.Add(OuterName(r, handle)); return null; }
    public object? GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
        r.GetTypeSpecification(handle).DecodeSignature(this, context);
    public object? GetArrayType(object? elementType, ArrayShape shape) => null;
    public object? GetByReferenceType(object? elementType) => null;
    public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;
    public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;
    public object? GetGenericMethodParameter(object? genericContext, int index) => null;
    public object? GetGenericTypeParameter(object? genericContext, int index) => null;
    public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;
    public object? GetPinnedType(object? elementType) => null;
    public object? GetPointerType(object? elementType) => null;
    public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;
    public object? GetSZArrayType(object? elementType) => null;
}
