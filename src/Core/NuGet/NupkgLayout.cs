namespace Env.Core.NuGet;

/// <summary>What in a .nupkg is the package and what is only the OPC envelope around it.</summary>
public static class NupkgLayout
{
    /// <summary>
    /// True for entries that are packaging metadata rather than package content:
    /// <c>[Content_Types].xml</c>, <c>_rels/…</c>, <c>package/…</c> (OPC core properties) and the
    /// <c>.signature.p7s</c> of signed packages. The store drops them after unzipping; the .nuspec stays.
    /// </summary>
    public static bool IsPackagingMetadata(string entryPath)
    {
        ArgumentNullException.ThrowIfNull(entryPath);
        var path = entryPath.Replace('\\', '/').TrimStart('/');
        // Zip entry names may be percent-encoded by OPC writers ("%5BContent_Types%5D.xml").
        if (path.Contains('%')) path = Uri.UnescapeDataString(path);
        return path.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase)
            || path.Equals(".signature.p7s", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("_rels/", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("package/", StringComparison.OrdinalIgnoreCase);
    }
}
