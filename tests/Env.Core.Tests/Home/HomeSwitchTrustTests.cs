using Env.Core.Diagnostics;
using Env.Core.Home;

namespace Env.Core.Tests.Home;

/// <summary>Issue 16 at the level of the switcher, on a real file system: file ↔ folder places, a folder swapped during the apply, an activation's daemon.</summary>
public sealed class HomeSwitchTrustTests
{
    private static readonly TestHome.File[] AsFile = [new(".config/tool", "a file"), new(".config/keep", "k")];
    private static readonly TestHome.File[] AsFolder = [new(".config/tool/conf", "in a folder"), new(".config/tool/deeper/more", "more"), new(".config/keep", "k")];

    [Fact]
    public void A_place_that_is_a_file_in_one_generation_and_a_folder_in_the_next_switches_both_ways_also_when_put_back()
    {
        using var t = new TestHome();
        var file = t.Generation(AsFile, name: "file");
        var folder = t.Generation(AsFolder, name: "folder");
        var s = t.Switcher();
        s.Switch(file, new HomeSwitchOptions());
        var atFile = t.Snapshot();
        s.Switch(folder, new HomeSwitchOptions(BackupExtension: "bak"));
        Assert.Equal("in a folder", File.ReadAllText(t.Home(".config/tool/conf")));
        var atFolder = t.Snapshot();
        s.Switch(file, new HomeSwitchOptions(BackupExtension: "bak"));
        Assert.Equal(atFile, t.Snapshot());
        s.Switch(folder, new HomeSwitchOptions());
        Assert.Equal(atFolder, t.Snapshot());

        // A failure at each single change, both ways: the home is put back exactly.
        foreach (var (to, at) in new[] { (file, atFolder), (folder, atFile) })
        {
            if (t.Snapshot().SequenceEqual(at) == false) s.Switch(to == file ? folder : file, new HomeSwitchOptions());
            for (var k = 1; ; k++)
            {
                var n = 0;
                s.BeforeChange = (step, path) => { if (++n == k) throw new UnauthorizedAccessException($"denied at {step} {path}"); };
                try
                {
                    s.Switch(to, new HomeSwitchOptions());
                    s.BeforeChange = null;
                    s.Switch(to == file ? folder : file, new HomeSwitchOptions());
                    break;
                }
                catch (EnvException e)
                {
                    Assert.Equal(EnvCode.ENV0915, e.Code);
                }
                s.BeforeChange = null;
                Assert.Equal(at, t.Snapshot());
            }
        }
    }

    [Fact]
    public void A_folder_swapped_for_a_link_out_of_the_home_during_the_switch_is_never_written_through()
    {
        using var t = new TestHome();
        Directory.CreateDirectory(t.Outside);
        Directory.CreateDirectory(t.Home(".config/app"));
        var a = t.Generation([new TestHome.File(".config/app/one", "1"), new TestHome.File(".config/app/two", "2", HomeFileMode.Copy)]);
        var s = t.Switcher();
        s.BeforeChange = (step, path) =>
        {
            if (path != ".config/app/one" || new FileInfo(t.Home(".config/app")).LinkTarget is not null) return;
            // Between the plan and the write, the folder becomes a link to a folder outside the home.
            Directory.Move(t.Home(".config/app"), t.Home(".config/app-was"));
            File.CreateSymbolicLink(t.Home(".config/app"), t.Outside);
        };
        var e = Assert.Throws<EnvException>(() => s.Switch(a, new HomeSwitchOptions()));
        Assert.Equal(EnvCode.ENV0929, e.Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(t.Outside));
        Assert.Null(s.Current());
    }

    [Fact]
    public void An_activation_that_starts_a_background_process_is_waited_for_by_its_exit()
    {
        using var t = new TestHome();
        var a = t.Generation([new TestHome.File(".one", "1")], [new HomeActivationEntry("daemon", "sleep 60 & echo $! > .daemon-pid; echo started")]);
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var s = t.Switcher();
        s.Switch(a, new HomeSwitchOptions());
        var pid = int.Parse(File.ReadAllText(t.Home(".daemon-pid")).Trim());
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(20), $"the switch took {timer.Elapsed}");
        Assert.Equal(1, s.Current()!.Number);
    }
}
