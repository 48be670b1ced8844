using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Env.Core.Tests.Layering;

/// <summary>
/// Every <see cref="TypeUse"/> of a compiled assembly, read from its metadata with System.Reflection.Metadata: base
/// types, interfaces, generic constraints, attributes, the signatures of fields, methods, properties and events, and
/// each method body's locals, catch clauses and IL tokens (types, methods, fields, member references and the generic
/// instantiations they carry). Unlike <c>using</c> lines, this sees fully qualified names, global usings and types
/// whose namespace differs from their folder: it is what the compiler bound.
/// </summary>
internal static class AssemblyTypeUses
{
    public static IReadOnlyList<TypeUse> Read(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var reader = pe.GetMetadataReader();
        var uses = new List<TypeUse>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var user = TypeNameCollector.OuterName(reader, handle);
            var names = new TypeNameCollector(reader);
            Collect(reader, pe, reader.GetTypeDefinition(handle), names);
            uses.AddRange(names.Names.Where(n => n != user).Select(n => new TypeUse(user, n)));
        }
        return uses.Distinct().ToList();
    }

    /// <summary>The names of the assemblies <paramref name="assemblyPath"/> references.</summary>
    public static IReadOnlyList<string> AssemblyReferences(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(a => reader.GetString(reader.GetAssemblyReference(a).Name)).ToList();
    }

    private static void Collect(MetadataReader reader, PEReader pe, TypeDefinition type, TypeNameCollector names)
    {
        if (!type.BaseType.IsNil) names.Add(type.BaseType);
        foreach (var i in type.GetInterfaceImplementations()) names.Add(reader.GetInterfaceImplementation(i).Interface);
        Attributes(reader, type.GetCustomAttributes(), names);
        GenericParameters(reader, type.GetGenericParameters(), names);
        foreach (var f in type.GetFields())
        {
            var field = reader.GetFieldDefinition(f);
            field.DecodeSignature(names, null);
            Attributes(reader, field.GetCustomAttributes(), names);
        }
        foreach (var p in type.GetProperties())
        {
            var property = reader.GetPropertyDefinition(p);
            property.DecodeSignature(names, null);
            Attributes(reader, property.GetCustomAttributes(), names);
        }
        foreach (var e in type.GetEvents())
        {
            var ev = reader.GetEventDefinition(e);
            names.Add(ev.Type);
            Attributes(reader, ev.GetCustomAttributes(), names);
        }
        foreach (var m in type.GetMethodImplementations())
        {
            var impl = reader.GetMethodImplementation(m);
            Member(reader, impl.MethodDeclaration, names);
        }
        foreach (var m in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(m);
            method.DecodeSignature(names, null);
            Attributes(reader, method.GetCustomAttributes(), names);
            GenericParameters(reader, method.GetGenericParameters(), names);
            foreach (var p in method.GetParameters()) Attributes(reader, reader.GetParameter(p).GetCustomAttributes(), names);
            if (method.RelativeVirtualAddress == 0) continue;
            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
                reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null);
            foreach (var region in body.ExceptionRegions)
                if (!region.CatchType.IsNil) names.Add(region.CatchType);
            foreach (var token in IlOperands.Tokens(body)) Member(reader, token, names);
        }
    }

    /// <summary>A token as IL or a method implementation names it: the type, or the member's type and signature.</summary>
    private static void Member(MetadataReader reader, EntityHandle handle, TypeNameCollector names)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification:
                names.Add(handle);
                break;
            case HandleKind.MethodDefinition:
                var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                names.Add(method.GetDeclaringType());
                method.DecodeSignature(names, null);
                break;
            case HandleKind.FieldDefinition:
                var field = reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                names.Add(field.GetDeclaringType());
                field.DecodeSignature(names, null);
                break;
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                Member(reader, member.Parent, names);
                if (member.GetKind() == MemberReferenceKind.Method) member.DecodeMethodSignature(names, null);
                else member.DecodeFieldSignature(names, null);
                break;
            case HandleKind.MethodSpecification:
                var spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                Member(reader, spec.Method, names);
                spec.DecodeSignature(names, null);
                break;
            case HandleKind.StandaloneSignature:
                var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                if (signature.GetKind() == StandaloneSignatureKind.Method) signature.DecodeMethodSignature(names, null);
                else signature.DecodeLocalSignature(names, null);
                break;
        }
    }

    private static void Attributes(MetadataReader reader, CustomAttributeHandleCollection attributes, TypeNameCollector names)
    {
        foreach (var a in attributes) Member(reader, reader.GetCustomAttribute(a).Constructor, names);
    }

    private static void GenericParameters(MetadataReader reader, GenericParameterHandleCollection parameters, TypeNameCollector names)
    {
        foreach (var g in parameters)
        {
            var parameter = reader.GetGenericParameter(g);
            foreach (var c in parameter.GetConstraints()) names.Add(reader.GetGenericParameterConstraint(c).Type);
            Attributes(reader, parameter.GetCustomAttributes(), names);
        }
    }
}
