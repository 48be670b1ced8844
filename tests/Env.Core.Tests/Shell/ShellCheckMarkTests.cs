using Env.Core.Shell;
using Env.Core.State;

namespace Env.Core.Tests.Shell;

/// <summary>
/// The mark that lets a no-op build skip EnvCheckShell: its name changes with everything the check looks at (an entry of
/// the shell folder or of the store added, removed or replaced, env.json rewritten in place) and with nothing else.
/// </summary>
public sealed class ShellCheckMarkTests
{
    [Fact]
    public void The_name_changes_when_the_shell_folder_the_store_or_env_json_changes_and_only_then()
    {
        using var tmp = new TempDir();
        var shell = Directory.CreateDirectory(tmp.Combine("repo", ".envsdk")).FullName;
        var store = Directory.CreateDirectory(tmp.Combine("store")).FullName;
        Directory.CreateDirectory(Path.Combine(store, "entry"));
        var envJson = Path.Combine(shell, "env.json");
        File.WriteAllText(envJson, "{}");
        var old = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Local);
        void Settle()
        {
            File.SetLastWriteTime(envJson, old);
            Directory.SetLastWriteTime(shell, old);
            Directory.SetLastWriteTime(store, old);
        }
        Settle();
        var name = ShellCheckMark.Name("k", shell, store);
        Assert.StartsWith(AllowRecord.MarkPrefix + "k-", name);
        // The same for the same folders however they are written, and for nothing read.
        Assert.Equal(name, ShellCheckMark.Name("k", shell + "/", tmp.Combine("repo", "..", "store")));
        File.ReadAllText(envJson);
        Assert.Equal(name, ShellCheckMark.Name("k", shell, store));
        Assert.NotEqual(name, ShellCheckMark.Name("other", shell, store));

        // A link replaced in the shell folder (a checkout), a store entry removed (a gc), env.json rewritten in place.
        File.CreateSymbolicLink(Path.Combine(shell, "profile"), "../bin");
        Assert.NotEqual(name, ShellCheckMark.Name("k", shell, store));
        Settle();
        Directory.Delete(Path.Combine(store, "entry"));
        Assert.NotEqual(name, ShellCheckMark.Name("k", shell, store));
        Settle();
        File.WriteAllText(envJson, "{ }");
        Assert.NotEqual(name, ShellCheckMark.Name("k", shell, store));
        Settle();
        Assert.Equal(name, ShellCheckMark.Name("k", shell, store));
    }

    [Fact]
    public void Write_leaves_the_mark_in_the_projects_record()
    {
        using var tmp = new TempDir();
        var state = tmp.Combine("state");
        var project = tmp.Combine("repo", "env.proj");
        AllowRecord.Write(new StateLayout(state), tmp.Combine("repo"), [("activate", "a\n")], ["activate"]);
        ShellCheckMark.Write(state, project, "checked-k-1-2-3");
        Assert.True(File.Exists(Path.Combine(new StateLayout(state).RecordDir(tmp.Combine("repo")), "checked-k-1-2-3")));
    }
}
