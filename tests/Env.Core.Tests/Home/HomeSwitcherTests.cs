using Env.Core.Diagnostics;
using Env.Core.Home;
using Env.Core.Shell;

namespace Env.Core.Tests.Home;

public sealed class HomeSwitcherTests
{
    private static readonly TestHome.File[] GenerationA =
    [
        new(".bashrc", "# a\n"),
        new(".config/git/config", "[user]\n\tname = A\n"),
        new(".config/old/only-in-a", "a"),
        new(".local/bin/tool", "#!/bin/sh\necho a\n", Executable: true),
        new(".config/app/settings.json", "{\"a\":1}\n", HomeFileMode.Copy),
    ];

    private static readonly TestHome.File[] GenerationB =
    [
        new(".bashrc", "# b\n"),
        new(".config/git/config", "[user]\n\tname = A\n"),
        new(".config/new/only-in-b", "b"),
        new(".local/bin/tool", "#!/bin/sh\necho b\n", Executable: true),
        new(".config/app/settings.json", "{\"b\":2}\n", HomeFileMode.Copy),
    ];

    [Fact]
    public void First_switch_links_files_records_generation_one_and_points_the_profile_at_it()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        var result = t.Switcher().Switch(a, new HomeSwitchOptions(Source: new GenerationSource("/repo/env.proj", Commit: "abc123")));

        Assert.Equal(1, result.Generation);
        Assert.True(result.NewGeneration);
        // The link leads through the fixed link home/files, which leads to the generation's files.
        var state = new HomeStateLayout(t.StateDir);
        Assert.Equal(Path.Combine(state.FilesLink, ".bashrc"), new FileInfo(t.Home(".bashrc")).LinkTarget);
        Assert.Equal(Path.Combine(a, "files"), new FileInfo(state.FilesLink).LinkTarget);
        Assert.Equal("# a\n", File.ReadAllText(t.Home(".bashrc")));
        // A copy is a normal writable file, executable only when asked.
        var copy = t.Home(".config/app/settings.json");
        Assert.Null(new FileInfo(copy).LinkTarget);
        Assert.True((File.GetUnixFileMode(copy) & UnixFileMode.UserWrite) != 0);
        Assert.Equal("{\"a\":1}\n", File.ReadAllText(copy));
        Assert.Equal("generations/1-link", new FileInfo(state.CurrentLink).LinkTarget);
        Assert.Equal("current/profile", new FileInfo(state.ProfileLink).LinkTarget);
        Assert.True(File.Exists(Path.Combine(state.ProfileBin, "hello")));
        Assert.False(File.Exists(state.Journal));
        var listed = Assert.Single(t.Switcher().Generations());
        Assert.True(listed.Current);
        Assert.Equal("abc123", listed.Record!.Source!.Commit);
        Assert.Equal("j", listed.Record.Configuration);
        // The store keeps the generation: a root links to its link.
        Assert.Contains(Directory.EnumerateFileSystemEntries(Path.Combine(t.StoreDir, ".roots")), r => new FileInfo(r).LinkTarget == state.GenerationLink(1));
    }

    [Fact]
    public void Second_switch_replaces_adds_and_removes_only_what_changed_and_prunes_emptied_folders()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        var b = t.Generation(GenerationB);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        var result = t.Switcher().Switch(b, new HomeSwitchOptions());

        Assert.Equal(2, result.Generation);
        Assert.Equal(["# b\n", "b", "{\"b\":2}\n"], new[] { ".bashrc", ".config/new/only-in-b", ".config/app/settings.json" }.Select(p => File.ReadAllText(t.Home(p))));
        Assert.False(Directory.Exists(t.Home(".config/old")));
        Assert.Equal([".config/new/only-in-b"], result.Plan.Creates);
        Assert.Equal([".config/old/only-in-a"], result.Plan.Removes);
        // Links lead through the fixed link, which the switch swaps: a linked place whose content changed is not touched;
        // only the copy, whose content changed, is written again.
        Assert.Equal([".config/app/settings.json"], result.Plan.Replaces);
        Assert.True(result.Plan.SwapsFiles);
        Assert.Equal(t.Snapshot(), Expected(t, b, GenerationB));
    }

    [Fact]
    public void The_current_generation_gone_from_the_store_is_a_warning_of_its_own_and_the_switch_goes_on()
    {
        using var t = new TestHome();
        var a = t.Generation([new(".bashrc", "# a\n"), new(".config/old/only-in-a", "a")]);
        var b = t.Generation([new(".bashrc", "# b\n")]);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        Directory.Move(a, a + ".moved"); // a cleaned or moved store

        var result = t.Switcher().Switch(b, new HomeSwitchOptions());

        Assert.Equal(2, result.Generation);
        var warning = Assert.Single(t.Log.Warnings);
        Assert.Equal(EnvCode.ENV0971, warning.Code); // not ENV0919, which is the generation to switch to being gone
        Assert.Equal("# b\n", File.ReadAllText(t.Home(".bashrc")));
    }

    [Fact]
    public void A_switch_to_the_current_generation_changes_nothing_and_records_nothing()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        var before = t.Snapshot();
        var stamp = Directory.GetLastWriteTimeUtc(new HomeStateLayout(t.StateDir).GenerationsDir);
        var result = t.Switcher().Switch(a, new HomeSwitchOptions());

        Assert.True(result.ChangedNothing);
        Assert.Equal(5, result.Plan.Unchanged);
        Assert.Equal(before, t.Snapshot());
        Assert.Single(t.Switcher().Generations());
        Assert.Equal(stamp, Directory.GetLastWriteTimeUtc(new HomeStateLayout(t.StateDir).GenerationsDir));
    }

    [Fact]
    public void A_deleted_link_is_put_back_by_the_next_switch_without_a_new_generation()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        File.Delete(t.Home(".bashrc"));
        var result = t.Switcher().Switch(a, new HomeSwitchOptions());
        Assert.False(result.NewGeneration);
        Assert.Equal([".bashrc"], result.Plan.Creates);
        Assert.Equal(Expected(t, a, GenerationA), t.Snapshot());
    }

    [Fact]
    public void Collisions_are_all_listed_and_nothing_changes()
    {
        using var t = new TestHome();
        File.WriteAllText(t.Home(".bashrc"), "mine");
        Directory.CreateDirectory(t.Home(".config/git/config"));
        Directory.CreateDirectory(t.Home(".local/bin"));
        File.CreateSymbolicLink(t.Home(".local/bin/tool"), "/usr/bin/env");
        var before = t.Snapshot();
        var e = Assert.Throws<EnvException>(() => t.Switcher().Switch(t.Generation(GenerationA), new HomeSwitchOptions()));

        Assert.Equal(EnvCode.ENV0912, e.Code);
        Assert.Contains("~/.bashrc: a file of yours", e.Message);
        Assert.Contains("~/.config/git/config: a folder of yours", e.Message);
        Assert.Contains("~/.local/bin/tool: a file of yours", e.Message);
        Assert.Contains("-b EXT", e.Message);
        Assert.Equal(before, t.Snapshot());
        Assert.False(File.Exists(new HomeStateLayout(t.StateDir).Journal));
        Assert.Empty(t.Switcher().Generations());
    }

    [Fact]
    public void Backup_moves_user_files_aside_and_never_over_an_existing_backup()
    {
        using var t = new TestHome();
        File.WriteAllText(t.Home(".bashrc"), "mine");
        File.WriteAllText(t.Home(".bashrc.bak"), "older backup");
        var a = t.Generation(GenerationA);
        var e = Assert.Throws<EnvException>(() => t.Switcher().Switch(a, new HomeSwitchOptions(BackupExtension: "bak")));
        Assert.Equal(EnvCode.ENV0912, e.Code);
        Assert.Contains("its backup ~/.bashrc.bak exists too", e.Message);
        Assert.Equal("mine", File.ReadAllText(t.Home(".bashrc")));

        File.Delete(t.Home(".bashrc.bak"));
        var result = t.Switcher().Switch(a, new HomeSwitchOptions(BackupExtension: "bak"));
        Assert.Equal([".bashrc"], result.Plan.Backups);
        Assert.Equal("mine", File.ReadAllText(t.Home(".bashrc.bak")));
        Assert.Equal("# a\n", File.ReadAllText(t.Home(".bashrc")));
    }

    [Fact]
    public void An_edited_copy_is_a_collision_and_an_unedited_one_is_replaced()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        var b = t.Generation(GenerationB);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        File.WriteAllText(t.Home(".config/app/settings.json"), "{\"edited\":true}\n");
        var e = Assert.Throws<EnvException>(() => t.Switcher().Switch(b, new HomeSwitchOptions()));
        Assert.Contains("~/.config/app/settings.json: a copy Env.Sdk wrote, edited since", e.Message);
        Assert.Equal("{\"edited\":true}\n", File.ReadAllText(t.Home(".config/app/settings.json")));

        // Put back as written: ours again.
        File.WriteAllText(t.Home(".config/app/settings.json"), "{\"a\":1}\n");
        t.Switcher().Switch(b, new HomeSwitchOptions());
        Assert.Equal("{\"b\":2}\n", File.ReadAllText(t.Home(".config/app/settings.json")));
    }

    [Fact]
    public void An_edited_copy_whose_content_the_configuration_did_not_change_keeps_the_edits()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        File.WriteAllText(t.Home(".config/app/settings.json"), "{\"rewritten by the app\":1}\n");
        // Same copy content in the next generation, and a switch to the same one: no collision, the edits stay.
        var c = t.Generation([.. GenerationA.Where(f => f.Path != ".bashrc"), new TestHome.File(".bashrc", "# c\n")]);
        Assert.Equal([".config/app/settings.json"], t.Switcher().Switch(c, new HomeSwitchOptions()).Plan.EditsKept);
        Assert.True(t.Switcher().Switch(c, new HomeSwitchOptions()).ChangedNothing);
        // A failure going back leaves them too.
        var s = t.Switcher();
        s.AtStage = x => { if (x == "applied") throw new IOException("disk full"); };
        Assert.Throws<EnvException>(() => s.Switch(a, new HomeSwitchOptions()));
        Assert.Equal("{\"rewritten by the app\":1}\n", File.ReadAllText(t.Home(".config/app/settings.json")));
    }

    [Fact]
    public void A_file_only_the_old_generation_had_and_the_user_replaced_is_left_with_a_warning()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        File.Delete(t.Home(".config/old/only-in-a"));
        File.WriteAllText(t.Home(".config/old/only-in-a"), "user now");
        t.Switcher().Switch(t.Generation(GenerationB), new HomeSwitchOptions());
        Assert.Equal("user now", File.ReadAllText(t.Home(".config/old/only-in-a")));
        Assert.Contains(t.Log.Warnings, w => w.Code == EnvCode.ENV0914 && w.Message.Contains("~/.config/old/only-in-a"));
    }

    [Fact]
    public void A_folder_linked_out_of_the_home_is_never_followed()
    {
        using var t = new TestHome();
        Directory.CreateDirectory(t.Outside);
        File.CreateSymbolicLink(t.Home(".config"), t.Outside);
        var e = Assert.Throws<EnvException>(() => t.Switcher().Switch(t.Generation(GenerationA), new HomeSwitchOptions(BackupExtension: "bak")));
        Assert.Equal(EnvCode.ENV0912, e.Code);
        Assert.Contains($"~/.config is a link to {t.Outside}, outside the home", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(t.Outside));
    }

    [Fact]
    public void A_folder_linked_inside_the_home_is_used()
    {
        using var t = new TestHome();
        Directory.CreateDirectory(t.Home("dotfiles/config"));
        File.CreateSymbolicLink(t.Home(".config"), t.Home("dotfiles/config"));
        t.Switcher().Switch(t.Generation(GenerationA), new HomeSwitchOptions());
        Assert.Equal("[user]\n\tname = A\n", File.ReadAllText(t.Home("dotfiles/config/git/config")));
    }

    [Fact]
    public void Rollback_and_generation_numbers_move_between_kept_generations()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        var b = t.Generation(GenerationB);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        t.Switcher().Switch(b, new HomeSwitchOptions());

        var back = t.Switcher().Rollback(new HomeSwitchOptions());
        Assert.Equal(1, back.Generation);
        Assert.False(back.NewGeneration);
        Assert.Equal(Expected(t, a, GenerationA), t.Snapshot());
        var e = Assert.Throws<EnvException>(() => t.Switcher().Rollback(new HomeSwitchOptions()));
        Assert.Equal(EnvCode.ENV0917, e.Code);

        t.Switcher().SwitchToGeneration(2, new HomeSwitchOptions());
        Assert.Equal(Expected(t, b, GenerationB), t.Snapshot());
        Assert.Equal(EnvCode.ENV0917, Assert.Throws<EnvException>(() => t.Switcher().SwitchToGeneration(7, new HomeSwitchOptions())).Code);
        // A new build after a rollback gets the next number.
        t.Switcher().Rollback(new HomeSwitchOptions());
        Assert.Equal(3, t.Switcher().Switch(t.Generation([new TestHome.File(".c", "c")]), new HomeSwitchOptions()).Generation);
    }

    [Fact]
    public void Expire_forgets_old_generations_but_never_the_current_one()
    {
        using var t = new TestHome();
        t.Switcher().Switch(t.Generation(GenerationA), new HomeSwitchOptions());
        t.Switcher().Switch(t.Generation(GenerationB), new HomeSwitchOptions());
        Assert.Equal([1], t.Switcher().Expire(TimeSpan.FromDays(30), DateTimeOffset.UtcNow.AddDays(31)));
        Assert.Equal([2], t.Switcher().Generations().Select(g => g.Number));
        Assert.Empty(t.Switcher().Expire(TimeSpan.Zero, DateTimeOffset.UtcNow.AddDays(1)));
    }

    [Fact]
    public void Remove_forgets_the_named_generations_never_the_current_one_and_checks_all_first()
    {
        using var t = new TestHome();
        t.Switcher().Switch(t.Generation(GenerationA), new HomeSwitchOptions());
        t.Switcher().Switch(t.Generation(GenerationB), new HomeSwitchOptions());
        t.Switcher().Switch(t.Generation([new(".x", "x")]), new HomeSwitchOptions());
        var current = Assert.Throws<EnvException>(() => t.Switcher().Remove([1, 3]));
        Assert.Equal(EnvCode.ENV0934, current.Code);
        Assert.Contains("Generation 3 is the current one", current.Message);
        var missing = Assert.Throws<EnvException>(() => t.Switcher().Remove([2, 7, 9]));
        Assert.Equal(EnvCode.ENV0917, missing.Code);
        Assert.Contains("no generation 7, 9 to remove. Kept generations: 1, 2, 3.", missing.Message);
        Assert.Equal([1, 2, 3], t.Switcher().Generations().Select(g => g.Number));

        Assert.Equal([1, 2], t.Switcher().Remove([2, 1, 2]));
        Assert.Equal([3], t.Switcher().Generations().Select(g => g.Number));
        Assert.False(File.Exists(t.Switcher().State.GenerationRecord(1)));
        Assert.Null(new FileInfo(t.Switcher().State.GenerationLink(2)).LinkTarget);
    }

    [Fact]
    public void Diff_compares_two_kept_generations_by_number_or_current_and_the_switch_carries_the_same()
    {
        using var t = new TestHome();
        t.Switcher().Switch(t.Generation(GenerationA, tools: [new("jq", "1.6")]), new HomeSwitchOptions());
        var switched = t.Switcher().Switch(t.Generation(GenerationB, tools: [new("jq", "1.7")]), new HomeSwitchOptions());
        var (from, to, diff) = t.Switcher().Diff("1", "current");
        Assert.Equal((1, 2), (from, to));
        Assert.Equal(switched.Diff!.Lines(), diff.Lines());
        Assert.Equal(["tools:", "  ~ jq 1.6 → 1.7", "files:", "  + ~/.config/new/only-in-b", "  - ~/.config/old/only-in-a"], diff.Lines().Take(5));
        var e = Assert.Throws<EnvException>(() => t.Switcher().Diff("3", "1"));
        Assert.Equal(EnvCode.ENV0917, e.Code);
        Assert.Contains("'3' is not a kept generation. Kept generations: 1, 2;", e.Message);
    }

    [Fact]
    public void Activations_run_in_order_in_the_home_with_the_generation_session()
    {
        using var t = new TestHome();
        var g = t.Generation(GenerationA,
            [new("first", "echo \"$GREETING\" > activated; hello >> activated"), new("second", "echo second >> activated; echo shown")],
            [EnvVariable.Create("GREETING", "hi there", null)]);
        t.Switcher().Switch(g, new HomeSwitchOptions());
        Assert.Equal("hi there\nhello-from-profile\nsecond\n", File.ReadAllText(t.Home("activated")));
        Assert.Contains("  second: shown", t.Log.Infos);
    }

    [Fact]
    public void A_failing_activation_puts_the_home_back_and_names_itself()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        var before = t.Snapshot();
        var bad = t.Generation(GenerationB, [new("fc-cache", "echo oops >&2; exit 3")]);
        var e = Assert.Throws<EnvException>(() => t.Switcher().Switch(bad, new HomeSwitchOptions()));
        Assert.Equal(EnvCode.ENV0916, e.Code);
        Assert.Contains("'fc-cache'", e.Message);
        Assert.Contains("exit code 3", e.Message);
        Assert.Contains("back as generation 1 had it", e.Message);
        Assert.Equal(before, t.Snapshot());
        Assert.Single(t.Switcher().Generations());
    }

    public static TheoryData<string> Stages => new() { "journal", "applied", "activated", "recorded" };

    [Theory]
    [MemberData(nameof(Stages))]
    public void A_failure_at_any_stage_puts_the_home_back(string stage)
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        File.WriteAllText(t.Home(".bashrc"), "mine");
        var s = t.Switcher();
        s.Switch(a, new HomeSwitchOptions(BackupExtension: "bak"));
        var before = t.Snapshot();
        var b = t.Generation(GenerationB);
        s.AtStage = x => { if (x == stage) throw new IOException("No space left on device"); };
        var e = Assert.Throws<EnvException>(() => s.Switch(b, new HomeSwitchOptions()));
        Assert.Equal(EnvCode.ENV0915, e.Code);
        Assert.Contains("No space left on device", e.Message);
        Assert.Equal(before, t.Snapshot());
        Assert.Equal([1], t.Switcher().Generations().Select(g => g.Number));
        Assert.False(File.Exists(new HomeStateLayout(t.StateDir).Journal));
    }

    [Fact]
    public void A_failure_at_every_single_change_puts_the_home_back_exactly()
    {
        using var t = new TestHome();
        File.WriteAllText(t.Home(".config-user"), "mine");
        var a = t.Generation(GenerationA);
        var b = t.Generation([.. GenerationB, new TestHome.File(".config-user", "ours")]);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        var before = t.Snapshot();
        var changes = 0;
        var counting = t.Switcher();
        counting.BeforeChange = (_, _) => changes++;
        counting.Switch(b, new HomeSwitchOptions(BackupExtension: "bak"));
        counting.BeforeChange = null;
        counting.SwitchToGeneration(1, new HomeSwitchOptions());
        File.Move(t.Home(".config-user.bak"), t.Home(".config-user"));
        Assert.Equal(before, t.Snapshot());
        Assert.True(changes >= 6, $"only {changes} changes");

        for (var k = 1; k <= changes; k++)
        {
            var s = t.Switcher();
            var n = 0;
            s.BeforeChange = (step, path) => { if (++n == k) throw new UnauthorizedAccessException($"Permission denied at {step} {path}"); };
            var e = Assert.Throws<EnvException>(() => s.Switch(b, new HomeSwitchOptions(BackupExtension: "bak")));
            Assert.Equal(EnvCode.ENV0915, e.Code);
            Assert.Equal(before, t.Snapshot());
        }
    }

    [Fact]
    public void A_switch_killed_midway_is_finished_back_by_the_next_command_and_forward_once_committed()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        var b = t.Generation(GenerationB);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        var atA = t.Snapshot();
        // Four changes from a to b: the removal, the fixed link swapped, the place created, the copy replaced.
        for (var k = 1; k <= 4; k++)
        {
            var s = t.Switcher();
            var n = 0;
            // Not an IOException: nothing catches it, as nothing runs after a kill -9.
            s.BeforeChange = (_, _) => { if (++n == k) throw new ProcessKilled(); };
            Assert.Throws<ProcessKilled>(() => s.Switch(b, new HomeSwitchOptions()));
            Assert.True(File.Exists(new HomeStateLayout(t.StateDir).Journal));
            Assert.True(t.Switcher().Recover());
            Assert.Equal(atA, t.Snapshot());
            Assert.Equal([1], t.Switcher().Generations().Select(g => g.Number));
        }

        // Killed after the commit (before the journal went): the next command finishes forward.
        var c = t.Switcher();
        c.Switch(b, new HomeSwitchOptions());
        var atB = t.Snapshot();
        File.WriteAllBytes(new HomeStateLayout(t.StateDir).Journal, new HomeJournal
        {
            ProcessId = 999999, From = new HomeGenerationPointer(1, a), To = new HomeGenerationPointer(2, b), NewGeneration = true,
        }.ToJson());
        File.Delete(t.Home(".config/new/only-in-b")); // the part the killed switch had not done
        Assert.Equal(2, t.Switcher().Generations().Single(g => g.Current).Number);
        Assert.Equal(atB, t.Snapshot());
    }

    [Fact]
    public void A_journal_that_is_not_ours_is_refused()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        var state = new HomeStateLayout(t.StateDir);
        Directory.CreateDirectory(state.HomeDir);
        File.WriteAllText(state.Journal, """{"generatedBy":"Env.Sdk","format":1,"pid":1,"from":null,"to":{"number":1,"entry":"/etc"},"backups":[]}""");
        var e = Assert.Throws<EnvException>(() => t.Switcher().Switch(a, new HomeSwitchOptions()));
        Assert.Equal(EnvCode.ENV0918, e.Code);
        File.WriteAllText(state.Journal, $$"""{"generatedBy":"Env.Sdk","format":1,"pid":1,"from":null,"to":{"number":1,"entry":"{{a}}"},"backupExtension":".bak","backups":["../../etc/passwd"]}""");
        Assert.Equal(EnvCode.ENV0918, Assert.Throws<EnvException>(() => t.Switcher().Switch(a, new HomeSwitchOptions())).Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(t.HomeDir));
    }

    [Fact]
    public void Ctrl_C_midway_puts_the_home_back()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        var before = t.Snapshot();
        using var cancel = new CancellationTokenSource();
        var s = t.Switcher();
        var n = 0;
        s.BeforeChange = (_, _) => { if (++n == 3) cancel.Cancel(); };
        var e = Assert.Throws<EnvException>(() => s.Switch(t.Generation(GenerationB), new HomeSwitchOptions(Cancellation: cancel.Token)));
        Assert.Equal(EnvCode.ENV0900, e.Code);
        Assert.Contains("back as generation 1 had it", e.Message);
        Assert.Equal(before, t.Snapshot());
    }

    [Fact]
    public void A_kept_generation_link_that_leads_out_of_the_store_is_refused()
    {
        using var t = new TestHome();
        var a = t.Generation(GenerationA);
        t.Switcher().Switch(a, new HomeSwitchOptions());
        t.Switcher().Switch(t.Generation(GenerationB), new HomeSwitchOptions());
        var before = t.Snapshot();
        // A look-alike of generation 1 outside the store, and its link pointed there.
        Directory.CreateDirectory(t.Outside);
        File.Copy(Path.Combine(a, HomeGeneration.ManifestFile), Path.Combine(t.Outside, HomeGeneration.ManifestFile));
        var link = new HomeStateLayout(t.StateDir).GenerationLink(1);
        File.Delete(link);
        File.CreateSymbolicLink(link, t.Outside);
        Assert.Equal(EnvCode.ENV0922, Assert.Throws<EnvException>(() => t.Switcher().Rollback(new HomeSwitchOptions())).Code);
        Assert.Equal(before, t.Snapshot());
    }

    [Fact]
    public void Dry_run_plans_lists_the_activations_and_changes_nothing()
    {
        using var t = new TestHome();
        var g = t.Generation(GenerationA, [new("first", "echo 1 > activated"), new("second", "echo 2 >> activated")]);
        var result = t.Switcher().Switch(g, new HomeSwitchOptions(DryRun: true));
        Assert.Equal(5, result.Plan.Creates.Count);
        Assert.Equal(["first", "second"], result.Activations.Select(a => a.Name));
        Assert.Empty(t.Snapshot());
        Assert.Empty(t.Switcher().Generations());

        // Once in place, a dry run of the same generation would change nothing, so it would run nothing either.
        Assert.Equal(["first", "second"], t.Switcher().Switch(g, new HomeSwitchOptions()).Activations.Select(a => a.Name));
        File.Delete(t.Home("activated"));
        var again = t.Switcher().Switch(g, new HomeSwitchOptions(DryRun: true));
        Assert.True(again.ChangedNothing);
        Assert.Empty(again.Activations);
        Assert.False(File.Exists(t.Home("activated")));
    }

    private sealed class ProcessKilled : Exception;

    /// <summary>The home as generation <paramref name="entry"/> alone puts it: its links and copies, and the folders they need.</summary>
    private static SortedDictionary<string, string> Expected(TestHome t, string entry, IEnumerable<TestHome.File> files)
    {
        using var scratch = new TestHome();
        // Same content, so the same entry name; switched into an empty home, then compared as seen from the real one.
        var s = new HomeSwitcher(scratch.StateDir, t.StoreDir, scratch.HomeDir, NullEnvLog.Instance);
        s.Switch(entry, new HomeSwitchOptions());
        _ = files;
        return scratch.Snapshot();
    }
}
