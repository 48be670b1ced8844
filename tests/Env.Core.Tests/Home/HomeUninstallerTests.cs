using Env.Core.Diagnostics;
using Env.Core.Home;

namespace Env.Core.Tests.Home;

public sealed class HomeUninstallerTests
{
    private static readonly TestHome.File[] GenerationA =
    [
        new(".bashrc", "# a\n"),
        new(".config/git/config", "[user]\n\tname = A\n"),
        new(".config/app/settings.json", "{\"a\":1}\n", HomeFileMode.Copy),
        new(".local/bin/tool", "#!/bin/sh\necho a\n", Executable: true),
    ];

    private static readonly TestHome.File[] GenerationB =
    [
        new(".bashrc", "# b\n"),
        new(".config/git/config", "[user]\n\tname = B\n"),
        new(".config/app/settings.json", "{\"b\":2}\n", HomeFileMode.Copy),
        new(".config/deep/er/only-in-b", "b"),
        new(".profile", "# b profile\n"),
    ];

    private static HomeUninstaller Uninstaller(TestHome t) => new(t.StateDir, t.StoreDir, t.HomeDir, t.Log);

    /// <summary>A home with a file and an empty folder of the user's, switched to A with -b (the .bashrc moved aside), then to B with -b (the .profile moved aside).</summary>
    private static SortedDictionary<string, string> SwitchTwice(TestHome t)
    {
        File.WriteAllText(t.Home(".bashrc"), "mine\n");
        File.WriteAllText(t.Home(".profile"), "my profile\n");
        Directory.CreateDirectory(t.Home(".config/empty-of-mine"));
        var before = t.Snapshot();
        t.Switcher().Switch(t.Generation(GenerationA), new HomeSwitchOptions(BackupExtension: "bak"));
        t.Switcher().Switch(t.Generation(GenerationB), new HomeSwitchOptions(BackupExtension: "orig"));
        Assert.Equal("mine\n", File.ReadAllText(t.Home(".bashrc.bak")));
        Assert.Equal("my profile\n", File.ReadAllText(t.Home(".profile.orig")));
        return before;
    }

    [Fact]
    public void Uninstall_puts_the_home_back_as_before_the_first_switch_and_forgets_every_generation()
    {
        using var t = new TestHome();
        var before = SwitchTwice(t);
        var state = new HomeStateLayout(t.StateDir);

        var result = Uninstaller(t).Uninstall(dryRun: false);

        Assert.Equal(before, t.Snapshot());
        Assert.Equal(2, result.Generation);
        Assert.Equal([".bashrc", ".config/app/settings.json", ".config/deep/er/only-in-b", ".config/git/config", ".profile"], result.Removes.Order(StringComparer.Ordinal));
        Assert.Equal([(".bashrc", ".bak"), (".profile", ".orig")], result.Restores);
        Assert.Empty(result.LeftAlone);
        Assert.Empty(result.BackupsKept);
        Assert.Equal([1, 2], result.Forgotten);
        // Folders switches created went (deepest first); the user's empty folder stayed (the snapshot has it).
        Assert.Equal([".config/git", ".config/deep/er", ".config/deep", ".config/app"], result.FoldersRemoved);
        // The state folder's home part holds only the lock; the store's roots for the generations dangle, so gc frees them.
        Assert.Equal([".lock"], Directory.EnumerateFileSystemEntries(state.HomeDir).Select(Path.GetFileName));
        var roots = Directory.EnumerateFileSystemEntries(Path.Combine(t.StoreDir, ".roots")).Select(r => new FileInfo(r).LinkTarget).OfType<string>().ToList();
        Assert.Contains(state.GenerationLink(1), roots);
        Assert.All(roots, r => Assert.False(File.Exists(r) || new FileInfo(r).LinkTarget is not null));
    }

    [Fact]
    public void What_the_user_changed_is_kept_and_listed_and_a_backup_whose_place_is_taken_stays()
    {
        using var t = new TestHome();
        SwitchTwice(t);
        File.Delete(t.Home(".config/git/config"));
        File.WriteAllText(t.Home(".config/git/config"), "my own config\n");
        File.WriteAllText(t.Home(".config/app/settings.json"), "{\"edited\":true}\n");
        // The .bashrc link replaced by a link of the user's elsewhere: not the generation's any more, so it stays and so does the backup.
        File.Delete(t.Home(".bashrc"));
        File.CreateSymbolicLink(t.Home(".bashrc"), "/etc/hostname");

        var result = Uninstaller(t).Uninstall(dryRun: false);

        Assert.Equal([".bashrc", ".config/app/settings.json", ".config/git/config"], result.LeftAlone.Order(StringComparer.Ordinal));
        Assert.Equal([(".bashrc", ".bak")], result.BackupsKept);
        Assert.Equal([(".profile", ".orig")], result.Restores);
        Assert.Equal("my own config\n", File.ReadAllText(t.Home(".config/git/config")));
        Assert.Equal("{\"edited\":true}\n", File.ReadAllText(t.Home(".config/app/settings.json")));
        Assert.Equal("/etc/hostname", new FileInfo(t.Home(".bashrc")).LinkTarget);
        Assert.Equal("mine\n", File.ReadAllText(t.Home(".bashrc.bak")));
        Assert.Equal("my profile\n", File.ReadAllText(t.Home(".profile")));
        Assert.False(File.Exists(t.Home(".profile.orig")));
        // The folders that still hold the user's files stay.
        Assert.True(Directory.Exists(t.Home(".config/git")));
    }

    [Fact]
    public void A_home_never_switched_and_a_second_uninstall_are_the_coded_error_and_change_nothing()
    {
        using var t = new TestHome();
        File.WriteAllText(t.Home(".bashrc"), "mine\n");
        var e = Assert.Throws<EnvException>(() => Uninstaller(t).Uninstall(dryRun: false));
        Assert.Equal(EnvCode.ENV0945, e.Code);
        Assert.False(Directory.Exists(new HomeStateLayout(t.StateDir).HomeDir));

        SwitchTwice(t);
        Uninstaller(t).Uninstall(dryRun: false);
        var after = t.Snapshot();
        var again = Assert.Throws<EnvException>(() => Uninstaller(t).Uninstall(dryRun: false));
        Assert.Equal(EnvCode.ENV0945, again.Code);
        Assert.Contains("never switched", again.Message);
        Assert.Equal(after, t.Snapshot());
        // A switch after an uninstall starts again at generation 1.
        Assert.Equal(1, t.Switcher().Switch(t.Generation(GenerationA), new HomeSwitchOptions(BackupExtension: "bak")).Generation);
    }

    [Fact]
    public void A_dry_run_lists_what_it_would_do_and_changes_nothing()
    {
        using var t = new TestHome();
        SwitchTwice(t);
        var home = t.Snapshot();
        var state = TestHome.Snapshot(t.StateDir);

        var result = Uninstaller(t).Uninstall(dryRun: true);

        Assert.True(result.DryRun);
        Assert.Equal(5, result.Removes.Count);
        Assert.Equal(2, result.Restores.Count);
        Assert.Equal([1, 2], result.Forgotten);
        Assert.Equal(home, t.Snapshot());
        Assert.Equal(state, TestHome.Snapshot(t.StateDir));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(20)]
    public void An_uninstall_killed_at_any_change_is_finished_by_the_next_and_a_switch_refuses_meanwhile(int k)
    {
        using var t = new TestHome();
        var before = SwitchTwice(t);
        var failing = Uninstaller(t);
        var n = 0;
        var killed = false;
        failing.BeforeChange = (step, path) => { if (++n == k) throw new IOException($"killed at {step} {path}"); };
        try
        {
            failing.Uninstall(dryRun: false);
        }
        catch (EnvException e) when (e.Code == EnvCode.ENV0925)
        {
            killed = true;
            var state = new HomeStateLayout(t.StateDir);
            Assert.True(File.Exists(state.UninstallJournal));
            var refused = Assert.Throws<EnvException>(() => t.Switcher().Switch(t.Generation(GenerationA), new HomeSwitchOptions()));
            Assert.Equal(EnvCode.ENV0946, refused.Code);
            Assert.Throws<EnvException>(() => t.Switcher().Rollback(new HomeSwitchOptions()));
            var finished = Uninstaller(t).Uninstall(dryRun: false);
            Assert.True(finished.FinishedInterrupted);
        }
        // 5 removals, 2 backups back, 4 emptied folders, the state forgotten: 12 changes.
        Assert.Equal(k <= 12, killed);
        Assert.Equal(before, t.Snapshot());
        Assert.Throws<EnvException>(() => Uninstaller(t).Uninstall(dryRun: false));
    }

    [Fact]
    public void An_uninstall_is_refused_at_once_while_a_switch_holds_the_lock()
    {
        using var t = new TestHome();
        SwitchTwice(t);
        var home = t.Snapshot();
        var state = new HomeStateLayout(t.StateDir);
        using (new FileStream(state.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var started = DateTime.UtcNow;
            var e = Assert.Throws<EnvException>(() => Uninstaller(t).Uninstall(dryRun: false));
            Assert.Equal(EnvCode.ENV0911, e.Code);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        }
        Assert.Equal(home, t.Snapshot());
    }

    [Fact]
    public void A_switch_put_back_forgets_the_backups_it_recorded()
    {
        using var t = new TestHome();
        File.WriteAllText(t.Home(".bashrc"), "mine\n");
        var s = t.Switcher();
        s.AtStage = x => { if (x == "applied") throw new IOException("disk full"); };
        Assert.Throws<EnvException>(() => s.Switch(t.Generation(GenerationA), new HomeSwitchOptions(BackupExtension: "bak")));
        Assert.Equal("mine\n", File.ReadAllText(t.Home(".bashrc")));
        // A .bashrc.bak the user makes later is theirs: no uninstall may move it.
        File.WriteAllText(t.Home(".bashrc.bak"), "a later file of mine\n");
        t.Switcher().Switch(t.Generation(GenerationB), new HomeSwitchOptions(BackupExtension: "orig"));

        var result = Uninstaller(t).Uninstall(dryRun: false);

        Assert.Equal([(".bashrc", ".orig")], result.Restores);
        Assert.Equal("mine\n", File.ReadAllText(t.Home(".bashrc")));
        Assert.Equal("a later file of mine\n", File.ReadAllText(t.Home(".bashrc.bak")));
    }
    [Fact]
    public void A_hostile_backups_record_moves_nothing_but_what_it_names_plainly()
    {
        using var t = new TestHome();
        SwitchTwice(t);
        var state = new HomeStateLayout(t.StateDir);
        Directory.CreateDirectory(t.Outside);
        File.WriteAllText(Path.Combine(t.Outside, "x.bak"), "outside\n");
        File.WriteAllText(t.Home("loose.bak"), "a file of mine\n");
        File.AppendAllText(state.Backups, $"{t.Outside}/x\t.bak\n../outside/x\t.bak\nloose\tbak\nloose\t./bak\nno tab here\n\t.bak\n");

        var result = Uninstaller(t).Uninstall(dryRun: false);

        Assert.Equal([(".bashrc", ".bak"), (".profile", ".orig")], result.Restores);
        Assert.Equal("outside\n", File.ReadAllText(Path.Combine(t.Outside, "x.bak")));
        Assert.False(File.Exists(Path.Combine(t.Outside, "x")));
        Assert.Equal("a file of mine\n", File.ReadAllText(t.Home("loose.bak")));
        Assert.False(File.Exists(t.Home("loose")));
    }
}
