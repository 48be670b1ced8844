using System.Text;
using System.Xml.Linq;
using Env.Core.Adoption;
using Env.Core.Diagnostics;

namespace Env.Core.Tests.Adoption;

public sealed class NuGetConfigSourceTests
{
    private const string Mapped = """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <!-- only these -->
          <packageSources>
            <clear />
            <add key="nuget" value="/srv/feeds/company" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="nuget">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """;

    [Fact]
    public void A_feed_is_added_after_the_clear_and_mapped_to_Env_Sdk_when_the_repository_maps_sources()
    {
        var result = NuGetConfigSource.Add("nuget.config", Encoding.UTF8.GetBytes(Mapped), "../feed");
        var doc = XDocument.Parse(result.Text!);
        var sources = doc.Root!.Element("packageSources")!.Elements().Select(e => e.Name.LocalName + ":" + (string?)e.Attribute("key")).ToList();
        Assert.Equal(["clear:", "add:nuget", "add:env-sdk"], sources);
        var mapping = doc.Root.Element("packageSourceMapping")!.Elements("packageSource").Single(e => (string?)e.Attribute("key") == "env-sdk");
        Assert.Equal("Env.Sdk", (string?)mapping.Element("package")!.Attribute("pattern"));
        Assert.Contains("<!-- only these -->", result.Text);
        Assert.Contains("\n    <add key=\"env-sdk\" value=\"../feed\" />\n  </packageSources>", result.Text);
        Assert.Contains("<package pattern=\"*\" />", result.Text);
        Assert.Equal(2, result.Changes.Count);

        var again = NuGetConfigSource.Add("nuget.config", Encoding.UTF8.GetBytes(result.Text!), "../feed");
        Assert.Null(again.Text);
    }

    [Fact]
    public void Without_mapping_only_the_source_is_added_and_without_a_file_one_is_made()
    {
        var result = NuGetConfigSource.Add("nuget.config", Encoding.UTF8.GetBytes("<configuration>\n  <packageSources>\n    <add key=\"env-sdk\" value=\"x\" />\n  </packageSources>\n</configuration>\n"), "/feeds/env");
        var doc = XDocument.Parse(result.Text!);
        Assert.Null(doc.Root!.Element("packageSourceMapping"));
        Assert.Equal(["env-sdk", "env-sdk-2"], doc.Root.Element("packageSources")!.Elements("add").Select(a => (string)a.Attribute("key")!));

        var made = NuGetConfigSource.Add("nuget.config", null, "/feeds/env");
        Assert.Equal("/feeds/env", (string?)XDocument.Parse(made.Text!).Root!.Element("packageSources")!.Element("add")!.Attribute("value"));
    }

    [Fact]
    public void A_DTD_or_another_root_is_refused()
    {
        Assert.Equal(EnvCode.ENV0790, Assert.Throws<EnvException>(() => NuGetConfigSource.Add("n", Encoding.UTF8.GetBytes("<!DOCTYPE x [<!ENTITY a \"b\">]><configuration>&a;</configuration>"), "f")).Code);
        Assert.Equal(EnvCode.ENV0790, Assert.Throws<EnvException>(() => NuGetConfigSource.Add("n", Encoding.UTF8.GetBytes("<settings />"), "f")).Code);
    }
}
