using System.Xml;

namespace Env.Core.IO;

/// <summary>
/// How XML that arrives from outside (a package's .nuspec and DotnetToolSettings.xml, a tool set's Sdk.props) is read:
/// no DTD and no resolver, so no entity expands and nothing is fetched; at most <c>maxCharacters</c>, which bounds the
/// read whatever the file's length said (a stream may have none); comments and processing instructions skipped.
/// </summary>
public static class HostileXml
{
    public static XmlReaderSettings Settings(long maxCharacters, bool ignoreWhitespace = false) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreWhitespace = ignoreWhitespace,
        IgnoreProcessingInstructions = true,
    };
}
