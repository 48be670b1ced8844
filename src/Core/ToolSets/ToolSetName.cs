namespace Env.Core.ToolSets;

/// <summary>
/// What a tool set is called, in errors and in a <c>Tool</c> item's <c>ToolSet</c> metadata: the id of the package it is
/// in. MSBuild's NuGet SDK resolver loads <c>&lt;packages&gt;/&lt;id&gt;/&lt;version&gt;/Sdk/Sdk.props</c>, and NuGet names
/// that folder for the id in lower case, so names are compared ignoring case. Derived from the path, not read from
/// the file: a set cannot claim another set's name.
/// </summary>
public static class ToolSetName
{
    /// <summary>
    /// <c>…/&lt;id&gt;/&lt;version&gt;/Sdk/Sdk.props</c> → id; <c>…/&lt;folder&gt;/Sdk/Sdk.props</c> (an unpacked package) →
    /// the folder; any other file (an <c>Import</c>ed set) → its name without the extension.
    /// </summary>
    public static string Of(string setFile)
    {
        var full = Path.GetFullPath(setFile);
        var sdkDir = Path.GetDirectoryName(full);
        if (string.Equals(Path.GetFileName(full), "Sdk.props", StringComparison.OrdinalIgnoreCase)
            && sdkDir is not null && string.Equals(Path.GetFileName(sdkDir), "Sdk", StringComparison.OrdinalIgnoreCase)
            && Path.GetDirectoryName(sdkDir) is { } packageDir && Path.GetFileName(packageDir) is { Length: > 0 } folder)
        {
            if (global::NuGet.Versioning.NuGetVersion.TryParse(folder, out _) && Path.GetFileName(Path.GetDirectoryName(packageDir)) is { Length: > 0 } id)
                return id;
            return folder;
        }
        return Path.GetFileNameWithoutExtension(full);
    }
}
