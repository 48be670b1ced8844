using Env.Core.Diagnostics;
using Env.Core.State;

namespace Env.Core.Tests.State;

/// <summary>The allow record: mirrored paths, written whole and only when changed, never through links, never outside the state folder.</summary>
public sealed class AllowRecordTests
{
    private static readonly (string, string)[] Files = [("activate", "posix\n"), ("activate.fish", "fish\n"), ("envrc", "direnv\n")];

    [Fact]
    public void The_record_of_a_folder_is_its_path_mirrored_under_dev_so_shell_code_finds_it_by_string_operations()
    {
        var layout = new StateLayout("/state/envsdk/");
        Assert.Equal("/state/envsdk/dev/home/u/my repo/.envsdk", layout.RecordDir("/home/u/my repo"));
        Assert.Equal("/state/envsdk/dev/home/u/repo/.envsdk", layout.RecordDir("/home/u/x/../repo/"));
        Assert.Equal(EnvCode.ENV0622, Assert.Throws<EnvException>(() => layout.RecordDir("relative/dir")).Code);
    }

    [Fact]
    public void Write_puts_the_files_and_then_an_id_of_the_hooked_ones_and_changes_nothing_the_second_time()
    {
        using var tmp = new TempDir();
        var layout = new StateLayout(tmp.Combine("state"));
        var project = tmp.Combine("repo");
        Assert.True(AllowRecord.Write(layout, project, Files, ["activate", "activate.fish"]));
        var dir = layout.RecordDir(project);
        Assert.Equal("posix\n", File.ReadAllText(Path.Combine(dir, "activate")));
        var id = File.ReadAllText(Path.Combine(dir, "id"));
        Assert.Matches("^[0-9a-f]{16}\n$", id);
        Assert.Equal(AllowRecord.Id(["posix\n", "fish\n"]) + "\n", id);

        var before = File.GetLastWriteTimeUtc(Path.Combine(dir, "activate"));
        Assert.False(AllowRecord.Write(layout, project, Files, ["activate", "activate.fish"]));
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(dir, "activate")));
        Assert.Empty(Directory.EnumerateFiles(dir, "*.tmp-*"));

        // Only the hooked files make the id: the same scripts in another order or split otherwise do not collide.
        Assert.NotEqual(AllowRecord.Id(["ab", "c"]), AllowRecord.Id(["a", "bc"]));
    }

    [Fact]
    public void Remove_disallows_and_leaves_no_empty_folder_but_keeps_a_nested_envs_record()
    {
        using var tmp = new TempDir();
        var layout = new StateLayout(tmp.Combine("state"));
        var outer = tmp.Combine("repo");
        var inner = tmp.Combine("repo", "sub");
        AllowRecord.Write(layout, outer, Files, ["activate"]);
        AllowRecord.Write(layout, inner, Files, ["activate"]);

        Assert.True(AllowRecord.Remove(layout, outer, Files.Select(f => f.Item1)));
        Assert.False(Directory.Exists(layout.RecordDir(outer)));
        Assert.True(File.Exists(Path.Combine(layout.RecordDir(inner), "id")));

        Assert.True(AllowRecord.Remove(layout, inner, Files.Select(f => f.Item1)));
        Assert.Equal([tmp.Combine("state", "dev")], Directory.EnumerateFileSystemEntries(tmp.Combine("state")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp.Combine("state", "dev")));
        Assert.False(AllowRecord.Remove(layout, inner, Files.Select(f => f.Item1)));
    }

    [Fact]
    public void A_link_in_the_records_path_or_at_a_records_file_is_refused_before_anything_is_written()
    {
        using var tmp = new TempDir();
        var layout = new StateLayout(tmp.Combine("state"));
        var project = tmp.Combine("repo");
        var elsewhere = Directory.CreateDirectory(tmp.Combine("elsewhere")).FullName;
        Directory.CreateDirectory(tmp.Combine("state", "dev"));
        // A folder of the mirrored path is a link: the record would be written elsewhere.
        var mirrored = Path.Combine(layout.StateDir, "dev", Path.GetRelativePath("/", tmp.Path));
        Directory.CreateDirectory(Path.GetDirectoryName(mirrored)!);
        Directory.CreateSymbolicLink(mirrored, elsewhere);
        Assert.Equal(EnvCode.ENV0620, Assert.Throws<EnvException>(() => AllowRecord.Write(layout, project, Files, ["activate"])).Code);
        Assert.Equal(EnvCode.ENV0620, Assert.Throws<EnvException>(() => AllowRecord.Remove(layout, project, ["activate"])).Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        Directory.Delete(mirrored);

        // A link at one of the record's files.
        var dir = layout.RecordDir(project);
        Directory.CreateDirectory(dir);
        var target = tmp.Combine("target");
        File.WriteAllText(target, "mine");
        File.CreateSymbolicLink(Path.Combine(dir, "activate.fish"), target);
        Assert.Equal(EnvCode.ENV0621, Assert.Throws<EnvException>(() => AllowRecord.Write(layout, project, Files, ["activate"])).Code);
        Assert.Equal("mine", File.ReadAllText(target));
        Assert.False(File.Exists(Path.Combine(dir, "activate")));
    }

    [Fact]
    public void The_default_state_folder_follows_XDG_STATE_HOME_then_HOME()
    {
        Assert.Equal("/x/envsdk", StateLayout.DefaultStateDir(n => n == "XDG_STATE_HOME" ? "/x" : null));
        if (!OperatingSystem.IsWindows())
            Assert.Equal("/h/.local/state/envsdk", StateLayout.DefaultStateDir(n => n == "HOME" ? "/h" : null));
    }

    [Fact]
    public void A_mark_is_left_only_in_an_existing_record_replaces_the_other_marks_and_goes_with_the_record()
    {
        using var tmp = new TempDir();
        var layout = new StateLayout(tmp.Combine("state"));
        var project = tmp.Combine("repo");
        var dir = layout.RecordDir(project);
        // No record yet: nothing is made (a build writes the record first).
        AllowRecord.Mark(layout, project, "checked-1-2-3-4");
        Assert.False(Directory.Exists(dir));

        AllowRecord.Write(layout, project, Files, ["activate"]);
        AllowRecord.Mark(layout, project, "checked-1-2-3-4");
        Assert.Equal("", File.ReadAllText(Path.Combine(dir, "checked-1-2-3-4")));
        AllowRecord.Mark(layout, project, "checked-1-2-3-5");
        Assert.Equal([Path.Combine(dir, "checked-1-2-3-5")], Directory.EnumerateFiles(dir, AllowRecord.MarkPrefix + "*"));
        Assert.Throws<ArgumentException>(() => AllowRecord.Mark(layout, project, "id"));
        Assert.Throws<ArgumentException>(() => AllowRecord.Mark(layout, project, "checked-../x"));

        Assert.True(AllowRecord.Remove(layout, project, Files.Select(f => f.Item1)));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Renewed_files_get_a_new_time_though_unchanged_and_the_others_keep_theirs()
    {
        using var tmp = new TempDir();
        var layout = new StateLayout(tmp.Combine("state"));
        var project = tmp.Combine("repo");
        AllowRecord.Write(layout, project, Files, ["activate"]);
        var dir = layout.RecordDir(project);
        var old = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(dir, "envrc"), old);
        File.SetLastWriteTimeUtc(Path.Combine(dir, "activate"), old);

        Assert.False(AllowRecord.Write(layout, project, Files, ["activate"], renewed: ["envrc"]));
        Assert.True(File.GetLastWriteTimeUtc(Path.Combine(dir, "envrc")) > old);
        Assert.Equal(old, File.GetLastWriteTimeUtc(Path.Combine(dir, "activate")));
    }
}
