using System.Security;
using System.Text;

namespace Env.Core.Tests.NuGet;

/// <summary>
/// A folder with a nuget.config that clears every inherited source and mapping (the user's config under HOME and the
/// machine's are still read, as restore reads them, but contribute nothing) and lists only local folder feeds.
/// </summary>
internal sealed class TestNuGetConfig : IDisposable
{
    private readonly TempDir _temp = new("envsdk-nuget-");

    public TestNuGetConfig()
    {
        Root = _temp.Combine("project");
        Directory.CreateDirectory(Root);
    }

    /// <summary>The settings root: where env.proj and nuget.config would be.</summary>
    public string Root { get; }

    /// <summary>Set in nuget.config so that any use of a global packages folder would show up here, not in the real one.</summary>
    public string GlobalPackagesFolder => _temp.Combine("global-packages");

    public string ConfigFile => Path.Combine(Root, "nuget.config");

    public string Feed(string name)
    {
        var path = _temp.Combine("feeds", name);
        Directory.CreateDirectory(path);
        return path;
    }

    public string Temp(string name) => _temp.Combine(name);

    /// <summary>Writes nuget.config with the given sources (name → folder) and, if given, a package source mapping (source → patterns).</summary>
    public void Write(IEnumerable<(string Name, string Path)> sources, IEnumerable<(string Source, string[] Patterns)>? mapping = null)
    {
        var xml = new StringBuilder();
        xml.AppendLine("""<?xml version="1.0" encoding="utf-8"?>""");
        xml.AppendLine("<configuration>");
        xml.AppendLine($"""  <config><add key="globalPackagesFolder" value="{SecurityElement.Escape(GlobalPackagesFolder)}" /></config>""");
        xml.AppendLine("  <packageSources>");
        xml.AppendLine("    <clear />");
        foreach (var (name, path) in sources)
            xml.AppendLine($"""    <add key="{SecurityElement.Escape(name)}" value="{SecurityElement.Escape(path)}" />""");
        xml.AppendLine("  </packageSources>");
        xml.AppendLine("  <disabledPackageSources><clear /></disabledPackageSources>");
        xml.AppendLine("  <packageSourceMapping>");
        xml.AppendLine("    <clear />");
        foreach (var (source, patterns) in mapping ?? [])
        {
            xml.AppendLine($"""    <packageSource key="{SecurityElement.Escape(source)}">""");
            foreach (var p in patterns) xml.AppendLine($"""      <package pattern="{SecurityElement.Escape(p)}" />""");
            xml.AppendLine("    </packageSource>");
        }
        xml.AppendLine("  </packageSourceMapping>");
        xml.AppendLine("</configuration>");
        File.WriteAllText(ConfigFile, xml.ToString());
    }

    public void Dispose() => _temp.Dispose();
}
