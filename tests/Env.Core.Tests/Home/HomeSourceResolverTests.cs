using Env.Core.Diagnostics;
using Env.Core.Home;

namespace Env.Core.Tests.Home;

/// <summary>Sources are copied into a store every user can read: only the repository's own files may get there.</summary>
public sealed class HomeSourceResolverTests : IDisposable
{
    private readonly TempDir _dir = new("envsdk-homesrc-");

    public void Dispose() => _dir.Dispose();

    private string Project => _dir.Combine("repo");

    private string HomeDir => _dir.Combine("home");

    public HomeSourceResolverTests()
    {
        Directory.CreateDirectory(Path.Combine(Project, "dotfiles", "nvim", "lua"));
        Directory.CreateDirectory(HomeDir);
        File.WriteAllText(Path.Combine(Project, "dotfiles", "gitconfig"), "[user]\n");
        File.WriteAllText(Path.Combine(Project, "dotfiles", "nvim", "init.lua"), "-- init\n");
        File.WriteAllText(Path.Combine(Project, "dotfiles", "nvim", "lua", "a.lua"), "return 1\n");
        var script = Path.Combine(Project, "dotfiles", "hello");
        File.WriteAllText(script, "#!/bin/sh\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
    }

    private HomeSources Resolve(IEnumerable<HomeFileSpec> specs, long maxBytes = 1 << 30, int maxFiles = HomeSourceResolver.MaxFiles, IEnumerable<(string, string)>? reserved = null) =>
        new HomeSourceResolver(Project, HomeDir, reserved ?? [], maxBytes, "env.proj", maxFiles).Resolve(specs.ToList());

    private static HomeFileSpec File_(string path, string source, bool? executable = null) => new(path, source, null, HomeFileMode.Link, executable);

    private EnvException Refused(params HomeFileSpec[] specs) => Assert.Throws<EnvException>(() => Resolve(specs));

    [Fact]
    public void A_folder_gives_every_file_under_it_and_the_inputs_name_files_and_folders()
    {
        var sources = Resolve([File_(".config/nvim", "dotfiles/nvim/"), File_(".gitconfig", "dotfiles/gitconfig"), File_("bin/hello", "dotfiles/hello"),
            new HomeFileSpec(".hushlogin", null, "", HomeFileMode.Copy, null)]);
        Assert.Equal([".config/nvim/init.lua", ".config/nvim/lua/a.lua", ".gitconfig", ".hushlogin", "bin/hello"], sources.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.True(sources.Files.Single(f => f.Path == "bin/hello").Executable, "a source's own execute bit counts when the item does not say");
        Assert.False(sources.Files.Single(f => f.Path == ".gitconfig").Executable);
        Assert.Contains(Path.Combine(Project, "dotfiles", "nvim") + "/", sources.Inputs);
        Assert.Contains(Path.Combine(Project, "dotfiles", "nvim", "lua") + "/", sources.Inputs);
        Assert.Contains(Path.Combine(Project, "dotfiles", "nvim", "lua", "a.lua"), sources.Inputs);
        Assert.Contains(Path.Combine(Project, "dotfiles", "gitconfig"), sources.Inputs);
    }

    [Fact]
    public void A_link_inside_the_project_is_taken_as_its_content()
    {
        File.CreateSymbolicLink(Path.Combine(Project, "dotfiles", "nvim", "shared.lua"), "lua/a.lua");
        Directory.CreateDirectory(Path.Combine(Project, "common"));
        File.WriteAllText(Path.Combine(Project, "common", "c"), "c");
        File.CreateSymbolicLink(Path.Combine(Project, "dotfiles", "nvim", "common"), "../../common");
        var sources = Resolve([File_(".config/nvim", "dotfiles/nvim/")]);
        Assert.Equal(Path.Combine(Project, "dotfiles", "nvim", "lua", "a.lua"), sources.Files.Single(f => f.Path == ".config/nvim/shared.lua").RealFile);
        Assert.Equal(Path.Combine(Project, "common", "c"), sources.Files.Single(f => f.Path == ".config/nvim/common/c").RealFile);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    [InlineData("dotfiles/../../outside")]
    [InlineData("missing")]
    [InlineData("dotfiles/nvim")]
    [InlineData("dotfiles/gitconfig/")]
    public void A_source_outside_the_project_missing_or_of_the_wrong_kind_is_ENV0044(string source)
    {
        File.WriteAllText(_dir.Combine("outside"), "secret");
        var e = Refused(File_(".x", source));
        Assert.Equal(EnvCode.ENV0044, e.Code);
        Assert.Equal("env.proj", e.File);
    }

    [Fact]
    public void A_link_to_a_secret_is_ENV0044_whether_named_as_the_source_or_found_in_a_source_folder()
    {
        File.CreateSymbolicLink(Path.Combine(Project, "dotfiles", "passwd"), "/etc/passwd");
        Assert.Contains("/etc/passwd", Refused(File_(".x", "dotfiles/passwd")).Message);
        Assert.Equal(EnvCode.ENV0044, Refused(File_(".x", "dotfiles/")).Code);

        File.Delete(Path.Combine(Project, "dotfiles", "passwd"));
        // A folder link out of the project, and a link whose folder leads out through '..'.
        File.CreateSymbolicLink(Path.Combine(Project, "dotfiles", "etc"), "/etc");
        Assert.Equal(EnvCode.ENV0044, Refused(File_(".x", "dotfiles/etc/passwd")).Code);
        Assert.Equal(EnvCode.ENV0044, Refused(File_(".x", "dotfiles/")).Code);
        File.Delete(Path.Combine(Project, "dotfiles", "etc"));
        File.CreateSymbolicLink(Path.Combine(Project, "dotfiles", "up"), "..");
        File.WriteAllText(_dir.Combine("secret"), "s");
        Assert.Contains("outside the project", Refused(File_(".x", "dotfiles/up/../secret")).Message);
        File.Delete(Path.Combine(Project, "dotfiles", "up"));
        File.CreateSymbolicLink(Path.Combine(Project, "dotfiles", "dangling"), "nowhere");
        Assert.Equal(EnvCode.ENV0044, Refused(File_(".x", "dotfiles/")).Code);
    }

    [Fact]
    public void A_fifo_is_ENV0044_and_is_never_opened()
    {
        var fifo = Path.Combine(Project, "dotfiles", "nvim", "pipe");
        var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        Assert.Contains("fifo", Refused(File_(".config/nvim", "dotfiles/nvim/")).Message);
    }

    [Fact]
    public void Two_files_at_one_place_or_a_file_in_place_of_a_folder_is_ENV0045()
    {
        Assert.Equal(EnvCode.ENV0045, Refused(File_(".gitconfig", "dotfiles/gitconfig"), new HomeFileSpec(".gitconfig", null, "x", HomeFileMode.Link, null)).Code);
        Assert.Equal(EnvCode.ENV0045, Refused(File_(".config/nvim/init.lua", "dotfiles/gitconfig"), File_(".config/nvim", "dotfiles/nvim/")).Code);
        Assert.Equal(EnvCode.ENV0045, Refused(File_(".config", "dotfiles/gitconfig"), File_(".config/nvim", "dotfiles/nvim/")).Code);
    }

    [Fact]
    public void More_files_or_bytes_than_allowed_is_ENV0046()
    {
        Assert.Equal(EnvCode.ENV0046, Assert.Throws<EnvException>(() => Resolve([File_(".config/nvim", "dotfiles/nvim/")], maxFiles: 1)).Code);
        Assert.Equal(EnvCode.ENV0046, Assert.Throws<EnvException>(() => Resolve([File_(".config/nvim", "dotfiles/nvim/")], maxBytes: 10)).Code);
    }

    [Fact]
    public void A_place_in_or_in_place_of_the_store_or_the_state_folder_is_ENV0042()
    {
        (string, string)[] reserved = [(Path.Combine(HomeDir, ".local", "state", "envsdk"), "the state folder"), ("/elsewhere/store", "the store")];
        foreach (var place in new[] { ".local/state/envsdk/home/profile", ".local/state/envsdk", ".local/state" })
        {
            var e = Assert.Throws<EnvException>(() => Resolve([new HomeFileSpec(place, null, "x", HomeFileMode.Link, null)], reserved: reserved));
            Assert.Equal(EnvCode.ENV0042, e.Code);
            Assert.Contains("the state folder", e.Message);
        }
        Assert.Single(Resolve([new HomeFileSpec(".local/state/other", null, "x", HomeFileMode.Link, null)], reserved: reserved).Files);
    }

    [Fact]
    public void A_file_in_a_source_folder_whose_name_cannot_be_a_home_path_is_ENV0042()
    {
        File.WriteAllText(Path.Combine(Project, "dotfiles", "nvim", "bad\\name"), "x");
        Assert.Equal(EnvCode.ENV0042, Refused(File_(".config/nvim", "dotfiles/nvim/")).Code);
    }
}
