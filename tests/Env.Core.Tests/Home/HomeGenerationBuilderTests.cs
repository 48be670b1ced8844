using Env.Core.Diagnostics;
using Env.Core.Home;
using Env.Core.Shell;
using Env.Core.Store;

namespace Env.Core.Tests.Home;

public sealed class HomeGenerationBuilderTests : IDisposable
{
    private readonly TempDir _dir = new("envsdk-homegen-");

    public void Dispose() => _dir.Dispose();

    private string Project => _dir.Combine("repo");

    private EnvStore Store => new(_dir.Combine("store"), NullEnvLog.Instance);

    public HomeGenerationBuilderTests()
    {
        Directory.CreateDirectory(Path.Combine(Project, "dotfiles", "nvim"));
        File.WriteAllText(Path.Combine(Project, "dotfiles", "gitconfig"), "[user]\n\tname = j\n");
        File.WriteAllText(Path.Combine(Project, "dotfiles", "nvim", "init.lua"), "-- init\n");
    }

    private HomeGenerationRequest Request(string toolsProfile, string gitconfigText = "") => new()
    {
        Name = "my-home",
        Configuration = "j@lenny",
        ToolsProfile = toolsProfile,
        Variables = EnvVariableParser.ParseAll([("EDITOR", new Dictionary<string, string> { ["Value"] = "nvim" })], "env.proj"),
        Files = new HomeSourceResolver(Project, _dir.Combine("home"), [], 1 << 20, "env.proj").Resolve([
            new HomeFileSpec(".config/git/config", "dotfiles/gitconfig", null, HomeFileMode.Link, null),
            new HomeFileSpec(".config/nvim", "dotfiles/nvim/", null, HomeFileMode.Copy, null),
            new HomeFileSpec(".local/bin/hi", null, "#!/bin/sh\necho hi" + gitconfigText + "\n", HomeFileMode.Link, true),
        ]).Files,
        Activations = [new HomeActivationEntry("fonts", "fc-cache -f")],
        StateDir = _dir.Combine("state", "envsdk"),
    };

    [Fact]
    public void The_entry_is_laid_out_as_HomeGeneration_says_and_its_manifest_reads_back()
    {
        var tools = _dir.Combine("store", "00000000000000000000000000000000-my-home-profile");
        var entry = HomeGenerationBuilder.Build(Store, Request(tools), "env.proj");

        Assert.EndsWith("-my-home" + HomeGeneration.EntrySuffix, entry.Name);
        Assert.Equal("[user]\n\tname = j\n", File.ReadAllText(HomeGeneration.FilePath(entry.Path, ".config/git/config")));
        Assert.Equal("-- init\n", File.ReadAllText(HomeGeneration.FilePath(entry.Path, ".config/nvim/init.lua")));
        var hi = HomeGeneration.FilePath(entry.Path, ".local/bin/hi");
        Assert.Equal("#!/bin/sh\necho hi\n", File.ReadAllText(hi));
        Assert.Equal((UnixFileMode)0b101_101_101, File.GetUnixFileMode(hi));
        Assert.Equal((UnixFileMode)0b100_100_100, File.GetUnixFileMode(HomeGeneration.FilePath(entry.Path, ".config/nvim/init.lua")));
        Assert.Equal(Path.Combine(tools, "bin"), new FileInfo(Path.Combine(entry.Path, "profile", "bin")).LinkTarget);
        foreach (var script in new[] { "env.sh", "env.fish", "env.ps1" })
        {
            var text = File.ReadAllText(Path.Combine(entry.Path, "profile", script));
            Assert.StartsWith(HomeSessionScript.Marker, text);
            Assert.Contains(new HomeStateLayout(_dir.Combine("state", "envsdk")).ProfileBin, text);
            Assert.Contains("nvim", text);
            Assert.DoesNotContain(Project, text);
        }

        var manifest = HomeManifest.Load(entry.Path);
        Assert.Equal("my-home", manifest.Name);
        Assert.Equal("j@lenny", manifest.Configuration);
        Assert.Equal(tools, manifest.Profile);
        Assert.Equal("EDITOR", Assert.Single(manifest.Variables).Name);
        Assert.Equal([new HomeActivationEntry("fonts", "fc-cache -f")], manifest.Activations);
        var init = manifest.Files.Single(f => f.Path == ".config/nvim/init.lua");
        Assert.Equal(new HomeFileEntry(".config/nvim/init.lua", HomeFileMode.Copy, false,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("-- init\n"u8)), 8), init);
        Assert.True(manifest.Files.Single(f => f.Path == ".local/bin/hi").Executable);
        Assert.Equal(HomeFileMode.Link, manifest.Files.Single(f => f.Path == ".config/git/config").Mode);
        Assert.DoesNotContain(Project, File.ReadAllText(Path.Combine(entry.Path, HomeGeneration.ManifestFile)));
    }

    [Fact]
    public void The_same_input_gives_the_same_entry_and_another_input_another()
    {
        var tools = _dir.Combine("store", "00000000000000000000000000000000-my-home-profile");
        var first = HomeGenerationBuilder.Build(Store, Request(tools), "env.proj");
        var again = HomeGenerationBuilder.Build(Store, Request(tools), "env.proj");
        Assert.Equal(first.Path, again.Path);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Store.Layout.TempDir));
        var other = HomeGenerationBuilder.Build(Store, Request(tools, " there"), "env.proj");
        Assert.NotEqual(first.Path, other.Path);
    }
}
