namespace Env.Sdk.Tests;

/// <summary>Bad input fails with a coded error naming env.proj and the fix, and changes nothing.</summary>
[Collection(SdkCollection.Name)]
public sealed class ErrorTests(SdkFixture fixture)
{
    [Fact]
    public void Missing_hash_fails_and_prints_the_actual_hash_ready_to_paste()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "nohash-1.0.tar.gz", "nohash", "x");
        env.WriteProject($"""<Tool Include="nohash" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" />""");

        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0101", build.Output);
        Assert.Contains($"Hash=\"{TestArchives.Sri(archive)}\"", build.Output);
        Assert.Contains("env.proj", build.Output);
        Assert.False(File.Exists(env.LockFile));
        Assert.Empty(TestEnv.StoreContents(env.StoreDir));
    }

    [Fact]
    public void Hash_mismatch_names_tool_url_and_both_hashes_and_leaves_store_lock_and_shell_as_they_were()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var good = TestArchives.TarGzTool(www, "tool-1.0.tar.gz", "tool", "one");
        using var server = new LoopbackFileServer(www);
        env.WriteProject($"""<Tool Include="tool" Version="1.0" Url="{server.Url("tool-1.0.tar.gz")}" Hash="{TestArchives.Sri(good)}" />""");
        Assert.Equal(0, env.Build().ExitCode);
        var store = TestEnv.Snapshot(env.StoreDir);
        var project = TestEnv.Snapshot(env.ShellDir);
        var lockText = File.ReadAllText(env.LockFile);

        var changed = TestArchives.TarGzTool(www, "tool-1.1.tar.gz", "tool", "two");
        var wrong = "sha256-" + Convert.ToBase64String(new byte[32]);
        env.WriteProject($"""<Tool Include="tool" Version="1.1" Url="{server.Url("tool-1.1.tar.gz")}" Hash="{wrong}" />""");
        var build = env.Build();

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0102", build.Output);
        Assert.Contains("'tool'", build.Output);
        Assert.Contains(server.Url("tool-1.1.tar.gz"), build.Output);
        Assert.Contains(wrong, build.Output);
        Assert.Contains(TestArchives.Sri(changed), build.Output);
        Assert.Equal(store, TestEnv.Snapshot(env.StoreDir));
        Assert.Equal(project, TestEnv.Snapshot(env.ShellDir));
        Assert.Equal(lockText, File.ReadAllText(env.LockFile));
        Assert.Equal("one", env.InShell("bash", "tool").Output.Trim());
    }

    [Fact]
    public void A_busy_server_is_asked_again_and_one_that_stays_busy_fails_with_its_status()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "busy-1.0.tar.gz", "busy", "busy");
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www")) { FailNext = 1 };
        env.WriteProject($"""<Tool Include="busy" Version="1.0" Url="{server.Url("busy-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("answered 503", build.Output);
        Assert.Contains("trying again in 1s (2 of 3)", build.Output);
        Assert.Equal(2, server.Requests);

        using var other = new TestEnv(fixture);
        using var down = new LoopbackFileServer(Path.Combine(env.Root, "www")) { FailNext = 100 };
        other.WriteProject($"""<Tool Include="busy" Version="1.0" Url="{down.Url("busy-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        var failed = other.Build();
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("error ENV0105", failed.Output);
        // MSBuild's line says where to read more, as the CLI's do.
        Assert.Contains("build again later. (dotnet env help ENV0105)", failed.Output);
        Assert.Equal(3, down.Requests);
        Assert.False(File.Exists(other.LockFile));
    }

    [Fact]
    public void A_server_that_stops_sending_fails_the_build_after_the_stall_timeout_and_installs_nothing()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "stall-1.0.tar.gz", "stall", "x", paddingBytes: 1 << 20);
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www")) { StallAfter = 100_000 };
        env.WriteProject($"""<Tool Include="stall" Version="1.0" Url="{server.Url("stall-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");

        var build = env.Build(new Dictionary<string, string?> { ["ENVSDK_STALL_TIMEOUT"] = "2" });
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0104", build.Output);
        Assert.Contains("sent nothing for 2s", build.Output);
        Assert.False(File.Exists(env.LockFile));
        Assert.Empty(Directory.GetFiles(Path.Combine(env.CacheDir, "downloads")));
    }

    [Theory]
    [InlineData("""<Tool Include="t" Version="1" Url="https://127.0.0.1:1/t.tar.gz" Hash="sha256-AAAA" Bni="x" />""", "ENV0002", "did you mean 'Bin'")]
    [InlineData("""<Tool Include="t" Version="1" Url="https://127.0.0.1:1/t.tar.gz" Hash="sha256-notbase64!" />""", "ENV0004", "malformed")]
    [InlineData("""<Tool Include="t" Version="1" Url="ftp://127.0.0.1/t.tar.gz" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" />""", "ENV0103", "not supported")]
    [InlineData("""<Tool Include="t" Version="1" Url="https://127.0.0.1:1/t.rar" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" />""", "ENV0207", "archive type")]
    [InlineData("""<Tool Include="t" Version="1" Rid="osx-arm64" Url="https://127.0.0.1:1/t.tar.gz" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" />""", "ENV0005", "osx-arm64")]
    [InlineData("""<Tool Include="t" Version="1" Url="http://127.0.0.1:1/t.tar.gz" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" />""", "ENV0104", "cannot reach")]
    [InlineData("""<Tool Include="no.such.package" Version="1.0.0" />""", "ENV04", "no.such.package")]
    [InlineData("""<Tool Include="native" Package="Native.Hello" Version="2.0.0" Bin="tools/linux_x64/absent" />""", "ENV0006", "absent")]
    [InlineData("""<Tool Include="native" Package="Native.Hello" Version="2.0.0" Bin="tools/linux_x64/native-helo" />""", "ENV0006", "Did you mean tools/linux_x64/native-hello")]
    [InlineData("""<Tool Include="native" Package="Native.Hello" Version="2.0.0" />""", "ENV0007", "Bin=")]
    [InlineData("""<Tool Include="t" Version="1" Url="https://127.0.0.1:1/t.tar.gz" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" /><EnvVar Include="X" Value="1" Prepend="a" />""", "ENV0022", "an item does one thing")]
    [InlineData("""<Tool Include="t" Version="1" Url="https://127.0.0.1:1/t.tar.gz" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" /><EnvVar Include="X" Unset="yes" />""", "ENV0023", "Unset takes only")]
    [InlineData("""<Tool Include="t" Version="1" Url="https://127.0.0.1:1/t.tar.gz" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" /><EnvVar Include="X" Value="1" /><EnvVar Include="X" Append="a" />""", "ENV0025", "set, append")]
    [InlineData("""<Tool Include="t" Version="1" Url="https://127.0.0.1:1/t.tar.gz" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" /><EnvVar Include="X" Prepend="a" /><EnvVar Include="X" Append="a" />""", "ENV0026", "adds the entry")]
    [InlineData("""<Tool Include="t" Version="1" Url="https://127.0.0.1:1/t.tar.gz" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" /><EnvVar Include="LD_LIBRARY_PATH" Prepend="/x" />""", "ENV0019", "prepended to")]
    [InlineData("""<Tool Include="t" Version="1" Url="https://127.0.0.1:1/t.tar.gz" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" /><ShellHook Include="bash" Text="x" />""", "ENV0610", "names no shell family")]
    [InlineData("""<Tool Include="t" Version="1" Url="https://127.0.0.1:1/t.tar.gz" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" /><ShellHook Include="sh" Text="a" /><ShellHook Include="sh" Text="b" />""", "ENV0613", "one item per shell family")]
    public void Bad_input_fails_with_a_coded_error_and_writes_nothing(string items, string code, string hint)
    {
        using var env = new TestEnv(fixture);
        env.WriteProject(items);
        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"error {code}", build.Output);
        Assert.Contains(hint, build.Output);
        Assert.Contains(env.ProjectFile, build.Output);
        Assert.False(File.Exists(env.LockFile), "no lock is written on failure");
        Assert.False(File.Exists(Path.Combine(env.ShellDir, "activate")), "no shell is generated on failure");
        Assert.DoesNotContain(TestEnv.Snapshot(env.StoreDir).Keys, k => !k.StartsWith(".", StringComparison.Ordinal) && k.Contains("-t-"));
    }

    [Fact]
    public void An_archive_that_tries_to_escape_its_folder_is_refused_and_nothing_is_written_anywhere()
    {
        using var env = new TestEnv(fixture);
        var dl = Path.Combine(env.Root, "dl");
        Directory.CreateDirectory(dl);
        var archive = Path.Combine(dl, "evil-1.0.tar.gz");
        using (var file = File.Create(archive))
        using (var gz = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        using (var tar = new System.Formats.Tar.TarWriter(gz, System.Formats.Tar.TarEntryFormat.Pax))
        {
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "evil/bin/ok") { DataStream = new MemoryStream("x"u8.ToArray()) });
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.SymbolicLink, "evil/up") { LinkName = "../../../.." });
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "evil/../../../escaped") { DataStream = new MemoryStream("pwned"u8.ToArray()) });
        }
        env.WriteProject($"""<Tool Include="evil" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""");
        var before = TestEnv.Snapshot(env.Root);

        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches("error ENV020[12]", build.Output);
        Assert.Contains("evil-1.0.tar.gz", build.Output);
        Assert.False(File.Exists(env.LockFile));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(env.StoreDir), e => e.Contains("-evil-"));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(env.StoreDir, ".tmp")));
        var after = TestEnv.Snapshot(env.Root);
        var added = after.Keys.Except(before.Keys).Where(k => !k.StartsWith("store") && !k.StartsWith("cache") && !k.StartsWith("home") && !k.StartsWith("nuget-")).ToList();
        Assert.True(added.All(k => k.StartsWith(Path.Combine("repo", ".envsdk"))), string.Join(", ", added));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(env.Root)!, "escaped")));
    }

    [Fact]
    public void Two_tools_exposing_the_same_command_is_an_error_naming_both()
    {
        using var env = new TestEnv(fixture);
        var a = TestArchives.ZipTool(Path.Combine(env.Root, "a"), "a.zip", "bin/same", "a");
        var b = TestArchives.ZipTool(Path.Combine(env.Root, "b"), "b.zip", "bin/same", "b");
        env.WriteProject($"""
            <Tool Include="alpha" Version="1" Url="{new Uri(a).AbsoluteUri}" Hash="{TestArchives.Sri(a)}" Bin="bin/same" />
            <Tool Include="beta" Version="1" Url="{new Uri(b).AbsoluteUri}" Hash="{TestArchives.Sri(b)}" Bin="bin/same" />
            """);
        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0008", build.Output);
        Assert.Contains("'alpha' and 'beta'", build.Output);
    }
}
