using System.Xml.Linq;
using Env.Core.Shell;

namespace Env.Core.Tests.Shell;

/// <summary><c>.envsdk/env.props</c>: one <c>EnvCommand_&lt;name&gt;</c> property per command, for projects that use the env.</summary>
public sealed class CommandPropertiesTests
{
    [Theory]
    [InlineData("protoc", "EnvCommand_protoc")]
    [InlineData("dotnet-csharpier", "EnvCommand_dotnet-csharpier")]
    [InlineData("clang++", "EnvCommand_clang__")]
    [InlineData("python3.12", "EnvCommand_python3_12")]
    [InlineData("7z", "EnvCommand_7z")]
    [InlineData("naïve", "EnvCommand_na_ve")]
    public void A_command_name_becomes_a_property_name_MSBuild_accepts(string command, string property) =>
        Assert.Equal(property, CommandProperties.PropertyName(command));

    [Fact]
    public void Paths_are_escaped_for_XML_and_MSBuild_and_clashing_names_get_no_property()
    {
        var bin = "/r/a$(b)@(c)%d;e&f<g>\"h'/.envsdk/profile/bin";
        var text = CommandProperties.Generate(bin, ["protoc", "a+b", "a_b", "A_B2", "a_b2"]);
        Assert.StartsWith(CommandProperties.Marker, text);
        var group = XDocument.Parse(text).Root!.Element("PropertyGroup")!;
        var props = group.Elements().ToDictionary(e => e.Name.LocalName, e => e.Value);
        // "a+b" and "a_b" map to one name; so do "A_B2" and "a_b2" (MSBuild names ignore case): none of them is written.
        Assert.Equal(["EnvCommand_protoc"], props.Keys);
        // What MSBuild reads back after unescaping %xx is the literal path.
        Assert.Equal(bin + "/protoc", Env.Core.Model.MetadataText.Unescape(props["EnvCommand_protoc"]));
        Assert.DoesNotContain("$(", props["EnvCommand_protoc"]);
        Assert.Equal("'$(EnvCommand_protoc)' == ''", group.Elements().Single().Attribute("Condition")!.Value);
    }
}
