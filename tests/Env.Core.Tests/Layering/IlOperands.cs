using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Env.Core.Tests.Layering;

/// <summary>
/// The metadata tokens a method body's IL names (<c>call</c>, <c>newobj</c>, <c>ldfld</c>, <c>castclass</c>,
/// <c>ldtoken</c>, …). The operand sizes come from the runtime's own <see cref="OpCodes"/> table.
/// </summary>
internal static class IlOperands
{
    private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (ushort)o.Value, o => o.OperandType);

    public static IEnumerable<EntityHandle> Tokens(MethodBodyBlock body)
    {
        var il = body.GetILReader();
        var tokens = new List<EntityHandle>();
        while (il.RemainingBytes > 0)
        {
            ushort code = il.ReadByte();
            if (code == 0xFE) code = (ushort)(0xFE00 | il.ReadByte());
            if (!Operands.TryGetValue(code, out var operand))
                throw new InvalidOperationException($"Unknown IL opcode 0x{code:X} at offset {il.Offset}.");
            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineSig
                    or OperandType.InlineTok or OperandType.InlineType:
                    tokens.Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32(); // read first: `Offset +=` would read Offset before the count
                    il.Offset += 4 * targets;
                    break;
                default:
                    il.Offset += Size(operand);
                    break;
            }
        }
        return tokens;
    }

    private static int Size(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
