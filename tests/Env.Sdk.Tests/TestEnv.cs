using System.Diagnostics;
using System.Text;
using Env.Core.Tests;

namespace Env.Sdk.Tests;

/// <summary>
/// One isolated environment project: its own folder, HOME, store, download cache and NuGet HTTP cache, a
/// nuget.config that clears the machine's sources and names only the run's feeds, and the real
/// `dotnet build` with node reuse off.
/// </summary>
public sealed class TestEnv : IDisposable
{
    private readonly TempDir _dir = new("envsdk-env-");
    private readonly SdkFixture _fixture;

    public TestEnv(SdkFixture fixture, string? storeDir = null)
    {
        _fixture = fixture;
        Directory.CreateDirectory(ProjectDir);
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(ExtraFeed);
        StoreDir = storeDir ?? Path.Combine(_dir.Path, "store");
        File.WriteAllText(Path.Combine(ProjectDir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="sdk" value="{fixture.SdkFeed}" />
                <add key="tools" value="{fixture.ToolFeed}" />
                <add key="extra" value="{ExtraFeed}" />
              </packageSources>
            </configuration>
            """);
    }

    public string Root => _dir.Path;

    /// <summary>
    /// Adds the package sources of the user running the tests (as `dotnet nuget list source` shows them) to this
    /// repository's nuget.config, for projects made by `dotnet new xunit`, whose packages only a real feed has. The
    /// packages still land in the run's private global packages folder.
    /// </summary>
    public void UseMachineFeeds()
    {
        var list = ProcessRunner.Run("dotnet", ["nuget", "list", "source", "--format", "short"], Root,
            new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
        var sources = list.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("E ", StringComparison.Ordinal)).Select(l => l[2..].Trim()).ToList();
        if (sources.Count == 0) throw new InvalidOperationException("No enabled NuGet source for `dotnet new xunit`'s packages:\n" + list.Output);
        var config = Path.Combine(ProjectDir, "nuget.config");
        var adds = string.Concat(sources.Select((s, i) => $"    <add key=\"machine{i}\" value=\"{System.Security.SecurityElement.Escape(s)}\" />\n"));
        File.WriteAllText(config, File.ReadAllText(config).Replace("  </packageSources>", adds + "  </packageSources>"));
    }

    public string ProjectDir => Path.Combine(_dir.Path, "repo");

    public string ProjectFile => Path.Combine(ProjectDir, "env.proj");

    public string LockFile => Path.Combine(ProjectDir, "env.lock.json");

    public string ShellDir => Path.Combine(ProjectDir, ".envsdk");

    /// <summary>This test's own feed, to publish a package mid-test.</summary>
    public string ExtraFeed => Path.Combine(_dir.Path, "extra-feed");

    public string Home => Path.Combine(_dir.Path, "home");

    public string StoreDir { get; }

    public string CacheDir => Path.Combine(_dir.Path, "cache");

    /// <summary>The state folder (EnvStateDir) this test's builds record allowed envs in: XDG_STATE_HOME is set to its parent.</summary>
    public string StateDir => Path.Combine(_dir.Path, "state", "envsdk");

    public void WriteProject(string body, string properties = "")
    {
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="Env.Sdk/{Repo.SdkVersion}">
              <PropertyGroup>{properties}</PropertyGroup>
              <ItemGroup>
            {body}
              </ItemGroup>
            </Project>
            """);
    }

    /// <summary>Makes the next build run its restore again, as if env.proj had been touched.</summary>
    public void ForgetRestore()
    {
        foreach (var stamp in Directory.GetFiles(ShellDir, ".restore-*.stamp")) File.Delete(stamp);
    }

    public Dictionary<string, string?> Environment(IDictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["HOME"] = Home,
            ["DOTNET_CLI_HOME"] = Home,
            ["ENVSDK_STORE"] = StoreDir,
            ["ENVSDK_CACHE"] = CacheDir,
            ["NUGET_PACKAGES"] = _fixture.NuGetPackages,
            ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(_dir.Path, "nuget-http-cache"),
            ["NUGET_PLUGINS_CACHE_PATH"] = Path.Combine(_dir.Path, "nuget-plugins-cache"),
            ["XDG_DATA_HOME"] = null,
            ["XDG_CACHE_HOME"] = null,
            ["XDG_STATE_HOME"] = Path.Combine(_dir.Path, "state"),
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            // The suite itself runs under CI=true, which would turn on locked mode in every build.
            ["CI"] = null,
            ["ENVSDK_ENV"] = null,
        };
        if (extra is not null)
            foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    public ProcessResult Build(params string[] args) => Build(null, args);

    public ProcessResult Build(IDictionary<string, string?>? extraEnv, params string[] args) =>
        ProcessRunner.Run("dotnet", ["build", ProjectFile, "-nr:false", "-tl:off", "-clp:NoSummary", .. args], ProjectDir, Environment(extraEnv));

    public Process StartBuild(out StringBuilder output, params string[] args) => StartBuild(out output, null, args);

    public Process StartBuild(out StringBuilder output, IDictionary<string, string?>? extraEnv, params string[] args) =>
        ProcessRunner.Start("dotnet", ["build", ProjectFile, "-nr:false", "-tl:off", .. args], ProjectDir, Environment(extraEnv), out output);

    /// <summary>Runs the installed dotnet-env in <paramref name="workingDirectory"/> (default: the repo).</summary>
    public SplitResult DotnetEnv(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string?>? extraEnv = null, string? stdin = null) =>
        ProcessRunner.RunSplit(_fixture.DotnetEnv, args, workingDirectory ?? ProjectDir, Environment(extraEnv), stdin);

    public string DotnetEnvPath => _fixture.DotnetEnv;

    public string ToolsDir => _fixture.ToolsDir;

    /// <summary>Sources .envsdk/activate in <paramref name="shell"/> and runs <paramref name="script"/> there.</summary>
    public ProcessResult InShell(string shell, string script, string before = "") =>
        ProcessRunner.Run(shell, ["-c", $"{before}\n. ./.envsdk/activate\n{script}"], ProjectDir, Environment(new Dictionary<string, string?> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin" }));

    /// <summary>
    /// What the store holds: its entries and anything left in its staging folder <c>.tmp/</c>, not the other bookkeeping
    /// dot-folders, which any restore may make (it takes its gate in <c>.locks/</c> before it reads the lock).
    /// </summary>
    public static string[] StoreContents(string storeDir)
    {
        if (!Directory.Exists(storeDir)) return [];
        var staging = Path.Combine(storeDir, ".tmp");
        return Directory.GetFileSystemEntries(storeDir).Where(e => !Path.GetFileName(e).StartsWith('.'))
            .Concat(Directory.Exists(staging) ? Directory.GetFileSystemEntries(staging) : [])
            .Select(e => Path.GetRelativePath(storeDir, e)).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every file under the folder with its content hash, to show that a failure changed nothing.</summary>
    public static Dictionary<string, string> Snapshot(string dir)
    {
        var result = new Dictionary<string, string>();
        if (!Directory.Exists(dir)) return result;
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var info = new FileInfo(entry);
            var rel = Path.GetRelativePath(dir, entry);
            if (info.LinkTarget is { } target) result[rel] = "-> " + target;
            else if (Directory.Exists(entry)) result[rel] = "dir";
            else result[rel] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(entry))) + " " + info.LastWriteTimeUtc.Ticks;
        }
        return result;
    }

    public void Dispose() => _dir.Dispose();
}
