using System.Security;
using System.Text;

namespace Env.Core.Adoption;

/// <summary>The env.proj <c>dotnet env init</c> writes: the manifest's tools as <c>Tool</c> items, nothing else.</summary>
public static class AdoptedEnvProject
{
    /// <param name="manifest">The manifest imported, relative to the repository's root with '/', or null.</param>
    public static string Text(IReadOnlyList<ManifestTool> tools, string? manifest)
    {
        var s = new StringBuilder();
        s.Append("<!-- This repository's tools").Append(manifest is null ? "" : $", imported from {Escape(manifest)} by `dotnet env init`").Append(", pinned with\n");
        s.Append("     their hashes in env.lock.json (commit both). `dotnet build` at the root (or `dotnet env build`) installs them;\n");
        s.Append("     in the env (the prompt hook, `dotnet env shell`, direnv) each command answers as NAME and as `dotnet NAME`.\n");
        s.Append("     `dotnet env add PACKAGE[@VERSION]` adds a tool, `dotnet env update` moves them to their newest versions. -->\n");
        s.Append("<Project Sdk=\"").Append(GlobalJsonPin.SdkName).Append("\">\n");
        s.Append("  <ItemGroup>\n");
        foreach (var tool in tools)
            s.Append("    <Tool Include=\"").Append(SecurityElement.Escape(tool.PackageId)).Append("\" Version=\"").Append(SecurityElement.Escape(tool.Version)).Append("\" />\n");
        s.Append("  </ItemGroup>\n");
        s.Append("</Project>\n");
        return s.ToString();
    }

    /// <summary>A path inside an XML comment: "--" may not appear there.</summary>
    private static string Escape(string text) => SecurityElement.Escape(text).Replace("--", "-&#45;");
}
