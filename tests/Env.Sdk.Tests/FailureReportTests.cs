namespace Env.Sdk.Tests;

/// <summary>
/// What a user sees when a verb fails in a way no code path expected: a coded error with the system's own words (the
/// Native AOT build keeps the runtime's messages), never a stack trace or a bare resource key.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class FailureReportTests(SdkFixture fixture)
{
    [Fact]
    public void No_verb_prints_a_stack_trace_or_a_runtime_resource_key()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="Hello.Tool" Version="1.0.0" />""");

        // The runtime's own message, not its resource key (Xml_DtdIsProhibitedEx with UseSystemResourceKeys).
        File.WriteAllText(env.ProjectFile, "<!DOCTYPE x [<!ENTITY a \"b\">]>\n" + File.ReadAllText(env.ProjectFile));
        var dtd = env.DotnetEnv(["remove", "Hello.Tool"]);
        AssertReported(dtd, "ENV0720");
        Assert.Contains("DTD", dtd.Stderr);

        // A state file that is a folder: no code path expected it, so the fallback names the file, coded.
        var runLock = Path.Combine(env.StateDir, "run-lock.json");
        Directory.CreateDirectory(runLock);
        var run = env.DotnetEnv(["run", "Hello.Tool@1.0.0"]);
        AssertReported(run, "ENV");
        Assert.Contains("run-lock.json", run.Stderr);
        Directory.Delete(runLock);

        // A store that is no folder of ours.
        var gc = env.DotnetEnv(["gc"], extraEnv: new Dictionary<string, string?> { ["ENVSDK_STORE"] = "/proc/1" });
        AssertReported(gc, "ENV");

        // ENVSDK_TRACE=1 is the way to the trace, for a report.
        var traced = env.DotnetEnv(["gc"], extraEnv: new Dictionary<string, string?> { ["ENVSDK_STORE"] = "/proc/1", ["ENVSDK_TRACE"] = "1" });
        Assert.Contains("   at ", traced.Stderr);
    }

    private static void AssertReported(SplitResult result, string codePrefix)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        // Progress may come first (a download); the failure is the last line, coded.
        var last = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        Assert.StartsWith(codePrefix, last);
        Assert.Matches(@"^ENV\d{4}: ", last);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotMatch(@"\b[A-Z][A-Za-z]+_[A-Za-z_]+\b", result.Stderr.Replace("ENVSDK_", "").Replace("XDG_", ""));
    }
}
