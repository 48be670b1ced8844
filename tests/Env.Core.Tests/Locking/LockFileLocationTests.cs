using Env.Core.Locking;

namespace Env.Core.Tests.Locking;

public sealed class LockFileLocationTests
{
    [Fact]
    public void A_configuration_that_exists_has_its_own_lock_beside_its_file_and_anything_else_the_project_s()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("homes"));
        File.WriteAllText(dir.Combine("homes", "j@lenny.props"), "<Project />");
        File.WriteAllText(dir.Combine("homes", "j.work.props"), "<Project />");

        Assert.Equal(dir.Combine("homes", "j@lenny.lock.json"), LockFileLocation.For(dir.Path, "j@lenny"));
        Assert.Equal(dir.Combine("homes", "j.work.lock.json"), LockFileLocation.For(dir.Path, "j.work"));
        // No configuration, one that does not exist (the build refuses it), or a path: the project's lock.
        foreach (var other in new[] { null, "", "typo", "../homes/j@lenny", "sub/j@lenny" })
            Assert.Equal(dir.Combine("env.lock.json"), LockFileLocation.For(dir.Path, other));
    }

    [Fact]
    public void The_seed_stands_in_only_while_the_configuration_has_no_lock()
    {
        using var dir = new TempDir();
        var own = dir.Combine("homes", "j.lock.json");
        var seed = dir.Combine("env.lock.json");
        Assert.Equal(own, LockFileLocation.ReadFrom(own, seed));
        File.WriteAllText(seed, "{}");
        Assert.Equal(seed, LockFileLocation.ReadFrom(own, seed));
        Assert.Equal(own, LockFileLocation.ReadFrom(own, null));
        Assert.Equal(seed, LockFileLocation.ReadFrom(seed, seed));
        Directory.CreateDirectory(dir.Combine("homes"));
        File.WriteAllText(own, "{}");
        Assert.Equal(own, LockFileLocation.ReadFrom(own, seed));
    }

    [Fact]
    public void All_lists_the_project_s_lock_and_each_configuration_s_but_no_stray_file()
    {
        using var dir = new TempDir();
        Assert.Empty(LockFileLocation.All(dir.Path));
        Directory.CreateDirectory(dir.Combine("homes"));
        foreach (var name in new[] { "j@lenny.props", "j@lenny.lock.json", "j.props", "j.lock.json", "gone.lock.json", "common.props" })
            File.WriteAllText(dir.Combine("homes", name), "");
        File.WriteAllText(dir.Combine("env.lock.json"), "");
        Assert.Equal([dir.Combine("env.lock.json"), dir.Combine("homes", "j.lock.json"), dir.Combine("homes", "j@lenny.lock.json")], LockFileLocation.All(dir.Path));
    }
}
