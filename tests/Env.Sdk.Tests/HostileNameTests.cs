using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Env.Core.Tests.NuGet;

namespace Env.Sdk.Tests;

/// <summary>
/// Names chosen by a package, an archive or env.proj that become files (commands in the profile's bin/) or
/// shell variables: judged by one policy each, refused with a coded error before anything is written.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HostileNameTests(SdkFixture fixture)
{
    [Theory]
    [InlineData("../../x")]
    [InlineData("HOME/.bashrc")]   // replaced by an absolute path to this test's ~/.bashrc
    [InlineData("sub/x")]          // stays inside bin/, but is no file name (was MSB4018)
    [InlineData("-rf")]
    [InlineData("dotnet\u200B")]    // zero-width space: reads as "dotnet" (issue 16, item 23)
    [InlineData("ls\u202Etxt.exe")]  // right-to-left override: reads as "lsexe.txt"
    public void A_dotnet_tool_package_whose_command_name_is_no_plain_file_name_is_refused_and_nothing_is_written(string command)
    {
        using var env = new TestEnv(fixture);
        var bashrc = Path.Combine(env.Home, ".bashrc");
        File.WriteAllText(bashrc, "# the user's own\n");
        if (command.StartsWith("HOME/", StringComparison.Ordinal)) command = bashrc;
        TestNupkg.WriteDotnetTool(env.ExtraFeed, "Evil.Tool", "1.0.0", command, "evil.dll");
        env.WriteProject("""<Tool Include="evil" Package="Evil.Tool" Version="1.0.0" />""");
        var before = TestEnv.Snapshot(env.Root);

        var build = env.Build();

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0017", build.Output);
        Assert.Contains("Evil.Tool", build.Output);
        Assert.DoesNotContain("MSB4018", build.Output);
        Assert.Equal("# the user's own\n", File.ReadAllText(bashrc));
        Assert.False(File.Exists(env.LockFile));
        Assert.False(File.Exists(Path.Combine(env.ShellDir, "activate")));
        // Refused in staging: the package never became a store entry, and nothing appeared outside the
        // store, the caches and the shell folder's stamps.
        Assert.DoesNotContain(Directory.GetFileSystemEntries(env.StoreDir), e => e.Contains("-evil-"));
        var added = TestEnv.Snapshot(env.Root).Keys.Except(before.Keys)
            .Where(k => !k.StartsWith("store", StringComparison.Ordinal) && !k.StartsWith("cache", StringComparison.Ordinal)
                && !k.StartsWith("nuget-", StringComparison.Ordinal) && !k.StartsWith(Path.Combine("home", ".dotnet"), StringComparison.Ordinal)
                && !k.StartsWith(Path.Combine("home", ".nuget"), StringComparison.Ordinal) && !k.StartsWith(Path.Combine("home", ".local"), StringComparison.Ordinal))
            .ToList();
        Assert.True(added.All(k => k.StartsWith(Path.Combine("repo", ".envsdk"), StringComparison.Ordinal) || k.StartsWith(Path.Combine("repo", "obj"), StringComparison.Ordinal)), string.Join(", ", added));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(env.StoreDir), e => Path.GetFileName(e) == "x");
    }

    [Fact]
    public void Two_Bin_paths_with_one_file_name_and_an_Executable_tool_named_like_an_option_are_coded_errors()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="native" Package="Native.Hello" Version="2.0.0" Bin="tools/linux_x64/native-hello;tools/osx_x64/native-hello" />""");
        var twice = env.Build();
        Assert.NotEqual(0, twice.ExitCode);
        Assert.Contains("error ENV0018", twice.Output);
        Assert.DoesNotContain("MSB4018", twice.Output);
        Assert.False(File.Exists(env.LockFile));

        env.WriteProject("""<Tool Include="-x" Version="1" Url="https://127.0.0.1:1/x" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" Executable="true" />""");
        var option = env.Build();
        Assert.NotEqual(0, option.ExitCode);
        Assert.Contains("error ENV0017", option.Output);
        Assert.False(File.Exists(env.LockFile));
    }

    [Fact]
    public void Dangling_and_escaping_links_in_an_archive_bin_are_not_commands_and_do_not_crash_the_build()
    {
        using var env = new TestEnv(fixture);
        var archive = Path.Combine(env.Root, "dl", "links-1.0.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        using (var file = File.Create(archive))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "links/bin/") { Mode = (UnixFileMode)0b111_101_101 });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "links/bin/good")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes("#!/bin/sh\necho good\n")),
                Mode = (UnixFileMode)0b111_101_101,
            });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "links/bin/dangling") { LinkName = "../lib/missing" });
        }
        env.WriteProject($"""<Tool Include="links" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""");

        var build = env.Build();

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("MSB4018", build.Output);
        Assert.Equal(["good"], Directory.GetFileSystemEntries(Path.Combine(env.ShellDir, "profile", "bin")).Select(Path.GetFileName));
        Assert.Equal("good", env.InShell("sh", "good").Output.Trim());
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("dash")]
    [InlineData("zsh")]
    public void Names_near_special_ones_are_set_and_deactivated_exactly_in_every_shell(string shell)
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.ZipTool(Path.Combine(env.Root, "dl"), "v.zip", "v", "v");
        env.WriteProject($"""
            <Tool Include="v" Version="1" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" Bin="v" />
            <EnvVar Include="VERSION" Value="1.2" />
            <EnvVar Include="Options" Value="o" />
            <EnvVar Include="LDFLAGS" Value="-L/x" />
            """);
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());

        var run = env.InShell(shell, """
            echo "$VERSION|$Options|$LDFLAGS"
            envsdk_deactivate
            echo "${VERSION-unset}|${Options-unset}|$LDFLAGS|$PATH"
            """, before: "LDFLAGS=mine; export LDFLAGS");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["1.2|o|-L/x", "unset|unset|mine|/usr/local/bin:/usr/bin:/bin"], run.Output.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("path", "ENV0027")]
    [InlineData("status", "ENV0019")]
    [InlineData("UID", "ENV0019")]
    [InlineData("IFS", "ENV0019")]
    [InlineData("BASH_ENV", "ENV0019")]
    [InlineData("ENV", "ENV0019")]
    [InlineData("PS4", "ENV0019")]
    [InlineData("PROMPT_COMMAND", "ENV0019")]
    [InlineData("LD_PRELOAD", "ENV0019")]
    [InlineData("ENVSDK_X", "ENV0019")]
    [InlineData("NAME%0A", "ENV0015")]
    public void A_refused_EnvVar_name_fails_the_restore_before_the_lock_is_written(string name, string code)
    {
        using var env = new TestEnv(fixture);
        // A tool that restores fine: without the restore-phase check, the lock was written before the typo was found.
        env.WriteProject($"""
            <Tool Include="native" Package="Native.Hello" Version="2.0.0" Bin="tools/linux_x64/native-hello" />
            <EnvVar Include="{name}" Value="x" />
            """);

        var build = env.Build();

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"error {code}", build.Output);
        Assert.Contains(env.ProjectFile, build.Output);
        Assert.False(File.Exists(env.LockFile), "the restore phase refuses the item before writing the lock");
        Assert.False(File.Exists(Path.Combine(env.ShellDir, "activate")));
        Assert.DoesNotContain(TestEnv.Snapshot(env.StoreDir).Keys, k => k.Contains("-native-"));
    }

    [Fact]
    public void Duplicate_EnvVars_and_a_value_over_the_kernel_limit_are_coded_errors_before_anything_is_written()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""
            <EnvVar Include="A" Value="1" />
            <EnvVar Include="A" Value="2" />
            """);
        var twice = env.Build();
        Assert.NotEqual(0, twice.ExitCode);
        Assert.Contains("error ENV0020", twice.Output);
        Assert.DoesNotContain("MSB4018", twice.Output);
        Assert.False(File.Exists(Path.Combine(env.ShellDir, "activate")));
        Assert.False(File.Exists(Path.Combine(env.ShellDir, "env.json")));

        env.WriteProject($"""<EnvVar Include="BIG" Value="{new string('x', 131072)}" />""");
        var big = env.Build();
        Assert.NotEqual(0, big.ExitCode);
        Assert.Contains("error ENV0021", big.Output);
        Assert.False(File.Exists(Path.Combine(env.ShellDir, "activate")));
    }
}
