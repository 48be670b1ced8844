using System.Diagnostics;
using Env.Core.Diagnostics;
using Env.Core.Home;
using Env.Core.Tests.Home;

namespace Env.Sdk.Tests;

/// <summary>
/// The switch's promise under the worst failure, a <c>kill -9</c>: a real <c>dotnet-env switch</c> of a 5,000-file home is
/// killed at random points, and the next command (<c>dotnet env generations</c>) must leave the home exactly as one of
/// the two generations has it, file by file, never a mix.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HomeSwitchCrashTests(SdkFixture fixture)
{
    private const int Files = 5000;

    [Fact]
    public void A_switch_killed_at_random_points_is_recovered_to_one_generation_file_by_file()
    {
        using var env = new TestEnv(fixture);
        var vars = env.Environment();
        var a = TestHome.Generation(env.StoreDir, Home(0), name: "crash");
        var b = TestHome.Generation(env.StoreDir, Home(1), name: "crash");
        var switcher = new HomeSwitcher(env.StateDir, env.StoreDir, env.Home, NullEnvLog.Instance);
        switcher.Switch(a, new HomeSwitchOptions());
        var atA = TestHome.Snapshot(env.Home);
        switcher.Switch(b, new HomeSwitchOptions());
        var atB = TestHome.Snapshot(env.Home);
        Assert.Equal(Files, atA.Count(e => !e.Value.StartsWith("dir", StringComparison.Ordinal)));
        Assert.NotEqual(atA, atB);

        // How long a whole switch takes here, to spread the kills over it.
        var timer = Stopwatch.StartNew();
        var full = env.DotnetEnv(["switch", "--generation", "1"], env.Root);
        Assert.True(full.ExitCode == 0, full.ToString());
        var duration = timer.Elapsed;
        Assert.Equal(atA, TestHome.Snapshot(env.Home));

        var random = new Random(8);
        var killedMidway = 0;
        var at = 1;
        // Twelve rounds at least; more (up to 40) while fewer than four kills landed mid-switch, since on a loaded
        // machine the process start can take most of the measured time.
        var round = 0;
        for (; round < 12 || (killedMidway < 4 && round < 40); round++)
        {
            var target = at == 1 ? 2 : 1;
            var process = Start(env, vars, ["switch", "--generation", target.ToString()]);
            Thread.Sleep(TimeSpan.FromMilliseconds(random.NextDouble() * duration.TotalMilliseconds));
            var killed = !process.HasExited;
            process.Kill();
            process.WaitForExit();
            var journal = File.Exists(new HomeStateLayout(env.StateDir).Journal);
            if (killed && journal) killedMidway++;

            var list = env.DotnetEnv(["generations", "--json"], env.Root);
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.False(File.Exists(new HomeStateLayout(env.StateDir).Journal));
            var now = TestHome.Snapshot(env.Home);
            var current = switcher.Current()!.Number;
            var expected = current == 1 ? atA : atB;
            Assert.True(now.SequenceEqual(expected), $"round {round} (killed {(killed ? "while running" : "after it ended")}, journal {journal}): the home is not generation {current} file by file: {Differences(expected, now)}");
            Assert.Empty(Directory.EnumerateFiles(env.Home, ".envsdk-tmp-*", SearchOption.AllDirectories));
            at = current;
        }
        // Most kills must land mid-switch, or this proves little.
        Assert.True(killedMidway >= 4, $"only {killedMidway} of {round} kills landed while a switch was under way");
    }

    private static string Differences(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual) =>
        string.Join("; ", expected.Keys.Union(actual.Keys).Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k)).Take(5)
            .Select(k => $"{k}: expected {expected.GetValueOrDefault(k) ?? "nothing"}, found {actual.GetValueOrDefault(k) ?? "nothing"}"));

    private static Process Start(TestEnv env, Dictionary<string, string?> vars, string[] args)
    {
        var start = new ProcessStartInfo(env.DotnetEnvPath) { WorkingDirectory = env.Root, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in vars)
        {
            if (v is null) start.Environment.Remove(k);
            else start.Environment[k] = v;
        }
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>5,000 files in 100 folders; the second generation changes half, drops 500, adds 500, and has copies.</summary>
    private static IEnumerable<TestHome.File> Home(int variant)
    {
        for (var i = 0; i < Files; i++)
        {
            var index = variant == 1 && i < 500 ? Files + i : i;
            var content = variant == 1 && i % 2 == 0 ? $"b {index}\n" : $"a {index}\n";
            var mode = index % 50 == 7 ? HomeFileMode.Copy : HomeFileMode.Link;
            yield return new TestHome.File($".config/app{index % 100}/file{index}.conf", content, mode);
        }
    }
}
