using Env.Core.Diagnostics;
using Env.Core.Home;

namespace Env.Core.Tests.Home;

public sealed class HomeOnChangeTests
{
    private static readonly HomeOnChangeEntry[] OnChange =
    [
        new(".gitconfig", "echo git >> ran"),
        new(".config/nvim", "echo nvim >> ran"),
        new(".bashrc", "echo shell >> ran"),
        new(".profile", "echo shell >> ran"),
    ];

    private static TestHome.File[] Files(string git = "g", string lua = "l", string bashrc = "b", bool extra = false) =>
    [
        new(".gitconfig", git),
        new(".config/nvim/init.lua", lua),
        .. extra ? new TestHome.File[] { new(".config/nvim/lua/extra.lua", "e") } : [],
        // A place that only starts like the folder's is not under it.
        new(".config/nvim-other", "o"),
        new(".bashrc", bashrc),
        new(".profile", "p"),
    ];

    private static string Ran(TestHome t)
    {
        var file = t.Home("ran");
        var text = File.Exists(file) ? File.ReadAllText(file) : "";
        File.Delete(file);
        return text.Replace('\n', ' ').Trim();
    }

    [Fact]
    public void Each_command_runs_once_when_its_place_changed_in_item_order_before_the_activations()
    {
        using var t = new TestHome();
        var activation = new HomeActivationEntry("after", "echo activation >> ran");
        t.Switcher().Switch(t.Generation(Files(), [activation], onChange: OnChange), new HomeSwitchOptions());
        // The first switch adds every place; the shell command is due twice and runs once.
        Assert.Equal("git nvim shell activation", Ran(t));

        var result = t.Switcher().Switch(t.Generation(Files(git: "g2"), [activation], onChange: OnChange), new HomeSwitchOptions());
        Assert.Equal("git activation", Ran(t));
        Assert.Equal([".gitconfig"], result.OnChange.Select(c => c.Place));

        // A file added under the folder, then removed from it: both change the folder's content.
        t.Switcher().Switch(t.Generation(Files(git: "g2", extra: true), [activation], onChange: OnChange), new HomeSwitchOptions());
        Assert.Equal("nvim activation", Ran(t));
        t.Switcher().Switch(t.Generation(Files(git: "g2"), [activation], onChange: OnChange), new HomeSwitchOptions());
        Assert.Equal("nvim activation", Ran(t));

        // Nothing changed: no command runs.
        var again = t.Switcher().Switch(t.Generation(Files(git: "g2"), [activation], onChange: OnChange), new HomeSwitchOptions());
        Assert.True(again.ChangedNothing);
        Assert.Equal("", Ran(t));
    }

    [Fact]
    public void Rollback_runs_them_when_it_changes_the_content_and_a_dry_run_lists_them_and_runs_none()
    {
        using var t = new TestHome();
        t.Switcher().Switch(t.Generation(Files(), onChange: OnChange), new HomeSwitchOptions());
        t.Switcher().Switch(t.Generation(Files(bashrc: "b2"), onChange: OnChange), new HomeSwitchOptions());
        Ran(t);
        var dry = t.Switcher().Rollback(new HomeSwitchOptions(DryRun: true));
        Assert.Equal([".bashrc"], dry.OnChange.Select(c => c.Place));
        Assert.Equal("", Ran(t));
        t.Switcher().Rollback(new HomeSwitchOptions());
        Assert.Equal("shell", Ran(t));
    }

    [Fact]
    public void A_place_the_new_generation_no_longer_has_runs_nothing()
    {
        using var t = new TestHome();
        t.Switcher().Switch(t.Generation(Files(), onChange: OnChange), new HomeSwitchOptions());
        Ran(t);
        t.Switcher().Switch(t.Generation([new(".bashrc", "b"), new(".profile", "p")], onChange: OnChange[2..]), new HomeSwitchOptions());
        Assert.Equal("", Ran(t));
    }

    [Fact]
    public void A_failing_command_stops_the_switch_and_puts_the_home_back()
    {
        using var t = new TestHome();
        t.Switcher().Switch(t.Generation(Files()), new HomeSwitchOptions());
        var before = t.Snapshot();
        var e = Assert.Throws<EnvException>(() => t.Switcher().Switch(t.Generation(Files(git: "g2"), onChange: [new(".gitconfig", "exit 4")]), new HomeSwitchOptions()));
        Assert.Equal(EnvCode.ENV0916, e.Code);
        Assert.Contains("OnChange of ~/.gitconfig (exit 4) failed with exit code 4", e.Message);
        Assert.Equal(before, t.Snapshot());
    }

    [Fact]
    public void OnChange_metadata_is_parsed_recorded_and_bounded()
    {
        var specs = HomeFileSpecParser.ParseAll([(".config/nvim", new Dictionary<string, string> { ["Source"] = "nvim/", ["OnChange"] = "nvim --headless +q" })], "env.proj");
        Assert.Equal([new HomeOnChangeEntry(".config/nvim", "nvim --headless +q")], HomeOnChange.Of(specs));
        foreach (var bad in new[] { " ", "a\0b", new string('x', HomeActivationParser.MaxCommandLength + 1) })
        {
            var e = Assert.Throws<EnvException>(() => HomeFileSpecParser.ParseAll([(".x", new Dictionary<string, string> { ["Text"] = "x", ["OnChange"] = bad })], "env.proj"));
            Assert.Equal(EnvCode.ENV0043, e.Code);
        }
        var manifest = new HomeManifest { Name = "t", Profile = "/p", Variables = [], Files = [], Activations = [], OnChange = HomeOnChange.Of(specs) };
        Assert.Equal(manifest.OnChange, HomeManifest.Parse(manifest.ToJson(), null).OnChange);
    }
}
