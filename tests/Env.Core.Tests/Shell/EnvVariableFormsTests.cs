using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Tests.Shell;

/// <summary>EnvVar's Prepend, Append and Unset forms and ShellHook items, as the parsers take or refuse them.</summary>
public sealed class EnvVariableFormsTests
{
    private static (string, IReadOnlyDictionary<string, string>) Item(string name, string key, string value) =>
        (name, new Dictionary<string, string> { [key] = value });

    private static EnvCode Code(params (string, IReadOnlyDictionary<string, string>)[] items) =>
        Assert.Throws<EnvException>(() => EnvVariableParser.ParseAll(items, "env.proj")).Code;

    [Fact]
    public void Prepend_and_Append_items_of_one_variable_keep_their_order_and_Unset_has_no_value()
    {
        var parsed = EnvVariableParser.ParseAll(
            [Item("P", "Prepend", "a"), Item("P", "Append", "z"), Item("P", "prepend", "b"), Item("U", "Unset", "True"), Item("S", "Value", "1")], "env.proj");
        Assert.Equal(
            [new EnvVariable("P", "a", EnvVarOp.Prepend), new EnvVariable("P", "z", EnvVarOp.Append), new EnvVariable("P", "b", EnvVarOp.Prepend),
             new EnvVariable("U", "", EnvVarOp.Unset), new EnvVariable("S", "1")],
            parsed);
        var change = VariableChange.Of(parsed)[0];
        Assert.Equal(["a", "b"], change.Prepend);
        Assert.Equal(["z"], change.Append);
    }

    [Fact]
    public void Every_mistake_has_its_code()
    {
        Assert.Equal(EnvCode.ENV0022, Code(("X", new Dictionary<string, string> { ["Value"] = "1", ["Prepend"] = "a" })));
        Assert.Equal(EnvCode.ENV0023, Code(Item("X", "Unset", "false")));
        Assert.Equal(EnvCode.ENV0023, Code(Item("X", "Unset", "")));
        Assert.Equal(EnvCode.ENV0024, Code(Item("X", "Prepend", "")));
        Assert.Equal(EnvCode.ENV0024, Code(Item("X", "Append", "")));
        Assert.Equal(EnvCode.ENV0025, Code(Item("X", "Value", "1"), Item("X", "Prepend", "a")));
        Assert.Equal(EnvCode.ENV0025, Code(Item("X", "Unset", "true"), Item("X", "Unset", "true")));
        Assert.Equal(EnvCode.ENV0025, Code(Item("X", "Unset", "true"), Item("x", "Append", "a")));
        Assert.Equal(EnvCode.ENV0025, Code(Item("Xy", "Prepend", "a"), Item("XY", "Append", "b")));
        Assert.Equal(EnvCode.ENV0026, Code(Item("X", "Prepend", "a"), Item("X", "Append", "a")));
        Assert.Equal(EnvCode.ENV0020, Code(Item("X", "Value", "1"), Item("X", "Value", "2")));
        Assert.Equal(EnvCode.ENV0016, Code(Item("X", "Prepand", "a")));
        // The name policy and NUL hold for every form.
        Assert.Equal(EnvCode.ENV0027, Code(Item("PATH", "Value", "/x")));
        Assert.Equal(EnvCode.ENV0019, Code(Item("LD_LIBRARY_PATH", "Append", "/x")));
        Assert.Equal(EnvCode.ENV0019, Code(Item("IFS", "Unset", "true")));
        Assert.Equal(EnvCode.ENV0015, Code(Item("X", "Append", "a\0b")));
    }

    [Fact]
    public void Entries_added_to_one_variable_are_bounded_together_by_the_kernels_limit()
    {
        var half = new string('x', EnvVariable.MaxEntryBytes / 2);
        Assert.Equal(EnvCode.ENV0021, Code(Item("X", "Prepend", half), Item("X", "Append", half + "y")));
        Assert.Equal(EnvCode.ENV0021, Code(Item("X", "Append", half + half)));
        Assert.Equal(2, EnvVariableParser.ParseAll([Item("X", "Prepend", half[..1000]), Item("X", "Append", half[..1001])], "env.proj").Count);
    }

    [Fact]
    public void ShellHooks_are_one_per_family_with_Text()
    {
        var hooks = ShellHookParser.ParseAll([("sh", new Dictionary<string, string> { ["Text"] = "echo hi" }), ("cmd", new Dictionary<string, string> { ["text"] = "echo hi" })], "env.proj");
        Assert.Equal([new ShellHook(ShellFamily.Sh, "echo hi"), new ShellHook(ShellFamily.Cmd, "echo hi")], hooks);
        EnvCode HookCode(params (string, IReadOnlyDictionary<string, string>)[] items) =>
            Assert.Throws<EnvException>(() => ShellHookParser.ParseAll(items, "env.proj")).Code;
        Assert.Equal(EnvCode.ENV0610, HookCode(Item("bash", "Text", "x")));
        Assert.Equal(EnvCode.ENV0610, HookCode(Item("SH", "Text", "x")));
        Assert.Equal(EnvCode.ENV0611, HookCode(Item("sh", "Txt", "x")));
        Assert.Equal(EnvCode.ENV0611, HookCode(Item("sh", "Text", "  ")));
        Assert.Equal(EnvCode.ENV0612, HookCode(Item("sh", "Text", "a\0")));
        Assert.Equal(EnvCode.ENV0613, HookCode(Item("fish", "Text", "a"), Item("fish", "Text", "b")));
    }
}
