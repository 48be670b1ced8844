using System.Globalization;
using Env.Core.Diagnostics;
using Env.Core.Home;
using Env.Core.IO;

namespace Env.Core.Tests.Home;

/// <summary>
/// Issue 18, "Switches that cost what changed": linked places lead through the fixed link <c>home/files</c>, so a switch
/// touches only places that appear, go or change kind; a no-op trusts one status per folder (<c>home/in-place</c>) and
/// still sees a link the user deleted or replaced; a home switched by the layout before is migrated, and rolls back.
/// </summary>
public sealed class HomeSwitchCostTests
{
    private static readonly TestHome.File[] A =
    [
        new(".bashrc", "# a\n"),
        new(".config/git/config", "[user]\n\tname = A\n"),
        new(".config/old/only-in-a", "a"),
        new(".config/app/settings.json", "{\"a\":1}\n", HomeFileMode.Copy),
    ];

    private static readonly TestHome.File[] B =
    [
        new(".bashrc", "# b\n"),
        new(".config/git/config", "[user]\n\tname = A\n"),
        new(".config/new/only-in-b", "b"),
        new(".config/app/settings.json", "{\"b\":2}\n", HomeFileMode.Copy),
    ];

    [Fact]
    public void A_linked_file_whose_content_changed_is_not_touched_in_the_home_and_rollback_costs_the_same()
    {
        using var t = new TestHome();
        var a = t.Generation(A);
        var b = t.Generation(B);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        var link = FileStatus.Of(t.Home(".bashrc"))!.Value;
        if (FileStatus.IsSupported) Age(new HomeStateLayout(t.StateDir));

        var forward = t.Switcher().Switch(b, new HomeSwitchOptions());
        // The home known in place (its folders' statuses): the places linked in both are not even read.
        if (FileStatus.IsSupported) Assert.Equal([".bashrc", ".config/git/config"], forward.Plan.KnownInPlace.Order(StringComparer.Ordinal));
        Assert.Equal("# b\n", File.ReadAllText(t.Home(".bashrc")));
        // The same link (inode and change time): only the fixed link moved.
        Assert.Equal(link, FileStatus.Of(t.Home(".bashrc"))!.Value);
        Assert.Equal([".config/new/only-in-b"], forward.Plan.Creates);
        Assert.Equal([".config/old/only-in-a"], forward.Plan.Removes);
        Assert.Equal([".config/app/settings.json"], forward.Plan.Replaces);

        var back = t.Switcher().Rollback(new HomeSwitchOptions());
        Assert.Equal("# a\n", File.ReadAllText(t.Home(".bashrc")));
        Assert.Equal(link, FileStatus.Of(t.Home(".bashrc"))!.Value);
        Assert.Equal([".config/old/only-in-a"], back.Plan.Creates);
        Assert.Equal([".config/new/only-in-b"], back.Plan.Removes);
        Assert.Equal([".config/app/settings.json"], back.Plan.Replaces);
    }

    [Fact]
    public void Commands_see_the_new_content_before_the_commit_and_a_failure_puts_the_old_content_back()
    {
        using var t = new TestHome();
        var a = t.Generation(A);
        var b = t.Generation(B, [new HomeActivationEntry("look", "cat .bashrc .config/new/only-in-b > seen; exit 3")]);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        var atA = t.Snapshot();

        var e = Assert.Throws<EnvException>(() => t.Switcher().Switch(b, new HomeSwitchOptions()));
        Assert.Equal(EnvCode.ENV0916, e.Code);
        Assert.Equal("# b\nb", File.ReadAllText(t.Home("seen")));
        File.Delete(t.Home("seen"));
        Assert.Equal(atA, t.Snapshot());
        Assert.Equal(Path.Combine(a, "files"), new FileInfo(new HomeStateLayout(t.StateDir).FilesLink).LinkTarget);
        Assert.Equal(1, t.Switcher().Current()!.Number);
    }

    [Fact]
    public void A_no_op_trusts_the_folders_statuses_and_reads_again_only_a_folder_that_changed()
    {
        if (!FileStatus.IsSupported) return; // the record is Linux's (statx); elsewhere every no-op makes its full plan
        using var t = new TestHome();
        var a = t.Generation(A);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        var state = new HomeStateLayout(t.StateDir);
        Age(state);
        var record = File.ReadAllBytes(state.InPlaceRecord);

        var noop = t.Switcher().Switch(a, new HomeSwitchOptions());
        Assert.True(noop.ChangedNothing);
        Assert.Equal(4, noop.Plan.Unchanged);
        Assert.Equal(record, File.ReadAllBytes(state.InPlaceRecord)); // trusted as it was: no folder read again

        // A link the user deleted: its folder changed, so its places are read again, and the link is put back.
        File.Delete(t.Home(".config/git/config"));
        var put = t.Switcher().Switch(a, new HomeSwitchOptions());
        Assert.Equal([".config/git/config"], put.Plan.Creates);
        Assert.Equal("[user]\n\tname = A\n", File.ReadAllText(t.Home(".config/git/config")));

        // A link the user replaced with a file of theirs, or with a link of theirs: a collision, as in any switch.
        Age(state);
        File.Delete(t.Home(".bashrc"));
        File.WriteAllText(t.Home(".bashrc"), "mine\n");
        Assert.Equal(EnvCode.ENV0912, Assert.Throws<EnvException>(() => t.Switcher().Switch(a, new HomeSwitchOptions())).Code);
        File.Delete(t.Home(".bashrc"));
        File.CreateSymbolicLink(t.Home(".bashrc"), "/etc/hostname");
        Assert.Equal(EnvCode.ENV0912, Assert.Throws<EnvException>(() => t.Switcher().Switch(a, new HomeSwitchOptions())).Code);
        File.Delete(t.Home(".bashrc"));
        t.Switcher().Switch(a, new HomeSwitchOptions());

        // A copy edited in place changes no folder, but its own status: it is judged again (the edits are kept: the generation did not change it).
        Age(state);
        File.WriteAllText(t.Home(".config/app/settings.json"), "{\"mine\":1}\n");
        Assert.Equal([".config/app/settings.json"], t.Switcher().Switch(a, new HomeSwitchOptions()).Plan.EditsKept);

        // A folder on the way swapped for a link out of the home: its status changed, and the switch judges it.
        Age(state);
        Directory.CreateDirectory(t.Outside);
        Directory.Move(t.Home(".config"), Path.Combine(t.Outside, "config"));
        File.CreateSymbolicLink(t.Home(".config"), Path.Combine(t.Outside, "config"));
        Assert.Equal(EnvCode.ENV0912, Assert.Throws<EnvException>(() => t.Switcher().Switch(a, new HomeSwitchOptions())).Code);
    }

    [Fact]
    public void The_fixed_link_pointed_elsewhere_is_seen_by_a_no_op_and_set_again()
    {
        using var t = new TestHome();
        var a = t.Generation(A);
        var b = t.Generation(B);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        var state = new HomeStateLayout(t.StateDir);
        Age(state);
        AtomicFile.ReplaceSymlink(state.FilesLink, Path.Combine(b, "files"));

        var result = t.Switcher().Switch(a, new HomeSwitchOptions());
        Assert.False(result.ChangedNothing);
        Assert.Equal(Path.Combine(a, "files"), new FileInfo(state.FilesLink).LinkTarget);
        Assert.Equal("# a\n", File.ReadAllText(t.Home(".bashrc")));
    }

    [Fact]
    public void A_home_switched_by_the_layout_before_is_migrated_by_the_next_switch_journaled_and_rolls_back()
    {
        using var t = new TestHome();
        var a = t.Generation(A);
        var b = t.Generation(B);
        var state = new HomeStateLayout(t.StateDir);
        SwitchTheOldWay(t, state, a, A);
        Assert.Equal(HomeGeneration.FilePath(a, ".bashrc"), new FileInfo(t.Home(".bashrc")).LinkTarget);
        Assert.Equal(1, t.Switcher().Current()!.Number);

        // Killed midway, the migration is put back as the old layout had it (the journal, as any switch).
        var n = 0;
        var killed = t.Switcher();
        killed.BeforeChange = (_, _) => { if (++n == 3) throw new ProcessKilled(); };
        Assert.Throws<ProcessKilled>(() => killed.Switch(b, new HomeSwitchOptions()));
        Assert.True(File.Exists(state.Journal));
        Assert.True(t.Switcher().Recover());
        Assert.Equal(1, t.Switcher().Current()!.Number);
        // Back at generation 1's content (a link the killed switch had not reached still leads straight into the entry).
        Assert.Equal(A.Select(f => f.Content), A.Select(f => File.ReadAllText(t.Home(f.Path))));
        Assert.False(Directory.Exists(t.Home(".config/new")));

        var result = t.Switcher().Switch(b, new HomeSwitchOptions());
        Assert.Equal(2, result.Generation);
        Assert.False(File.Exists(state.Journal));
        Assert.Equal(Path.Combine(b, "files"), new FileInfo(state.FilesLink).LinkTarget);
        foreach (var f in B.Where(f => f.Mode == HomeFileMode.Link))
        {
            Assert.Equal(Path.Combine(state.FilesLink, f.Path), new FileInfo(t.Home(f.Path)).LinkTarget);
            Assert.Equal(f.Content, File.ReadAllText(t.Home(f.Path)));
        }

        t.Switcher().Rollback(new HomeSwitchOptions());
        Assert.Equal(1, t.Switcher().Current()!.Number);
        Assert.Equal(Path.Combine(a, "files"), new FileInfo(state.FilesLink).LinkTarget);
        foreach (var f in A)
            Assert.Equal(f.Content, File.ReadAllText(t.Home(f.Path)));
        Assert.Equal(Path.Combine(state.FilesLink, ".bashrc"), new FileInfo(t.Home(".bashrc")).LinkTarget);
        Assert.False(Directory.Exists(t.Home(".config/new")));
    }

    [Fact]
    public void A_home_of_the_layout_before_is_uninstalled_as_its_own()
    {
        using var t = new TestHome();
        var a = t.Generation(A);
        var state = new HomeStateLayout(t.StateDir);
        SwitchTheOldWay(t, state, a, A);
        File.WriteAllText(t.Home("mine"), "mine\n");

        var result = new HomeUninstaller(t.StateDir, t.StoreDir, t.HomeDir, t.Log).Uninstall(dryRun: false);
        Assert.Equal(A.Select(f => f.Path).Order(StringComparer.Ordinal), result.Removes.Order(StringComparer.Ordinal));
        Assert.Equal(["mine"], Directory.EnumerateFileSystemEntries(t.HomeDir).Select(Path.GetFileName));
        Assert.False(File.Exists(state.FilesLink) || new FileInfo(state.FilesLink).LinkTarget is not null);
    }

    /// <summary>
    /// Generation 1 as the switch before issue 18 left it: each place a link straight to its file in the entry (a copy a
    /// plain file), <c>current</c> → <c>generations/1-link</c> → the entry, <c>profile</c> → <c>current/profile</c>, the
    /// created folders recorded; no <c>home/files</c>, no <c>home/in-place</c>.
    /// </summary>
    private static void SwitchTheOldWay(TestHome t, HomeStateLayout state, string entry, IEnumerable<TestHome.File> files)
    {
        var created = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            for (var slash = f.Path.IndexOf('/'); slash > 0; slash = f.Path.IndexOf('/', slash + 1))
                if (!Directory.Exists(t.Home(f.Path[..slash]))) created.Add(f.Path[..slash]);
            Directory.CreateDirectory(Path.GetDirectoryName(t.Home(f.Path))!);
            if (f.Mode == HomeFileMode.Link) File.CreateSymbolicLink(t.Home(f.Path), HomeGeneration.FilePath(entry, f.Path));
            else File.WriteAllText(t.Home(f.Path), f.Content);
        }
        Directory.CreateDirectory(state.GenerationsDir);
        File.WriteAllText(state.CreatedFolders, string.Concat(created.Select(p => p + "\n")));
        File.WriteAllBytes(state.GenerationRecord(1), new GenerationRecord(1, entry, DateTimeOffset.UtcNow, "j", null).ToJson());
        File.CreateSymbolicLink(state.GenerationLink(1), entry);
        File.CreateSymbolicLink(state.CurrentLink, "generations/1-link");
        File.CreateSymbolicLink(state.ProfileLink, "current/profile");
    }

    /// <summary>Moves the record's time 10 s later, as if it had been written well after the folders last changed (no status is then too recent to trust).</summary>
    private static void Age(HomeStateLayout state)
    {
        var lines = File.ReadAllText(state.InPlaceRecord).Split('\n');
        var at = long.Parse(lines[2].AsSpan(3), CultureInfo.InvariantCulture);
        lines[2] = "at " + (at + 10_000_000_000).ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(state.InPlaceRecord, string.Join('\n', lines));
    }

    private sealed class ProcessKilled : Exception;
}
