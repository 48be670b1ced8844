using Env.Core.Diagnostics;
using Env.Core.Projects;

namespace Env.Core.Tests.Projects;

/// <summary>The one rule for a repository's env: from a folder up, the first folder holding env.proj or env/env.proj.</summary>
public sealed class EnvProjectLocatorTests
{
    [Fact]
    public void The_recommended_layout_is_found_from_the_root_and_from_any_folder_below_it()
    {
        using var repo = new TempDir();
        var env = Write(repo.Combine("env", "env.proj"));
        Directory.CreateDirectory(repo.Combine("src", "App"));

        Assert.Equal(env, EnvProjectLocator.Find(null, repo.Path));
        Assert.Equal(env, EnvProjectLocator.Find(null, repo.Combine("src", "App")));
        Assert.Equal(env, EnvProjectLocator.Find("src", repo.Path));
        Assert.Equal(env, EnvProjectLocator.Find(null, repo.Combine("env")));
        Assert.Equal(env, EnvProjectLocator.TryFind(repo.Combine("src")));
    }

    [Fact]
    public void A_folder_s_own_env_proj_wins_over_its_env_folder()
    {
        using var repo = new TempDir();
        var own = Write(repo.Combine("env.proj"));
        Write(repo.Combine("env", "env.proj"));

        Assert.Equal(own, EnvProjectLocator.Find(null, repo.Path));
        Assert.Equal(own, EnvProjectLocator.At(repo.Path));
    }

    [Fact]
    public void The_nearest_folder_wins_whichever_of_the_two_places_it_uses()
    {
        using var repo = new TempDir();
        Write(repo.Combine("env.proj"));
        var inner = Write(repo.Combine("tools", "env", "env.proj"));
        Directory.CreateDirectory(repo.Combine("tools", "gen"));
        var outer = Write(repo.Combine("a", "env", "env.proj"));
        var nested = Write(repo.Combine("a", "b", "env.proj"));

        Assert.Equal(inner, EnvProjectLocator.Find(null, repo.Combine("tools", "gen")));
        Assert.Equal(nested, EnvProjectLocator.Find(null, repo.Combine("a", "b")));
        Assert.Equal(outer, EnvProjectLocator.Find(null, repo.Combine("a")));
    }

    [Fact]
    public void An_env_folder_without_env_proj_or_an_env_proj_folder_is_not_an_env()
    {
        using var repo = new TempDir();
        Directory.CreateDirectory(repo.Combine("env"));
        Directory.CreateDirectory(repo.Combine("x", "env.proj"));

        Assert.Null(EnvProjectLocator.At(repo.Path));
        Assert.Null(EnvProjectLocator.At(repo.Combine("x")));
        var error = Assert.Throws<EnvException>(() => EnvProjectLocator.Find(null, repo.Combine("x")));
        Assert.Equal(EnvCode.ENV0702, error.Code);
        Assert.Contains("env/env.proj", error.Message);
        Assert.Contains("dotnet env init", error.Message);
    }

    private static string Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "<Project Sdk=\"Env.Sdk\" />");
        return path;
    }
}
