using Env.Core.Locking;
using Newtonsoft.Json.Linq;

namespace Env.Sdk.Tests;

/// <summary>
/// env.lock.json arrives with a git pull: a storePath or narHash edited to point the dev shell at anything
/// else is refused with a coded error naming the lock, in locked and unlocked mode, and nothing runs or changes.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class LockTamperingTests(SdkFixture fixture)
{
    [Theory]
    [InlineData("absolute", "ENV0507")]
    [InlineData("relative", "ENV0507")]
    [InlineData("other-entry", "ENV0508")]
    [InlineData("nar-hash", "ENV0508")]
    [InlineData("nar-hash-garbage", "ENV0506")]
    public void A_tampered_lock_entry_is_refused_in_locked_and_unlocked_mode_and_nothing_runs_or_changes(string tampering, string code)
    {
        using var env = new TestEnv(fixture);
        var dl = Path.Combine(env.Root, "dl");
        var good = TestArchives.TarGzTool(dl, "good-1.0.tar.gz", "good", "good");
        var evil = TestArchives.TarGzTool(dl, "evil-1.0.tar.gz", "good", "EVIL");
        var goodItem = $"""<Tool Include="good" Version="1.0" Url="{new Uri(good).AbsoluteUri}" Hash="{TestArchives.Sri(good)}" />""";
        // A valid entry of the store that another env put there: same command, other content.
        env.WriteProject(goodItem.Replace("Include=\"good\"", "Include=\"evil\"").Replace(new Uri(good).AbsoluteUri, new Uri(evil).AbsoluteUri).Replace(TestArchives.Sri(good), TestArchives.Sri(evil)));
        Assert.Equal(0, env.Build().ExitCode);
        var evilEntry = LockFile.Load(env.LockFile).Find("evil", "any")!;
        env.WriteProject(goodItem);
        Assert.Equal(0, env.Build().ExitCode);
        Assert.Equal("good", env.InShell("sh", "good").Output.Trim());

        // An absolute storePath to a folder that is there, with a program the dev shell would run.
        var planted = Path.Combine(env.Root, "planted");
        Directory.CreateDirectory(Path.Combine(planted, "bin"));
        File.WriteAllText(Path.Combine(planted, "bin", "good"), "#!/bin/sh\necho PLANTED\n");
        File.SetUnixFileMode(Path.Combine(planted, "bin", "good"), (UnixFileMode)0b111_101_101);
        var json = JObject.Parse(File.ReadAllText(env.LockFile));
        var entry = (JObject)json["tools"]!["good"]!["any"]!;
        switch (tampering)
        {
            case "absolute": entry["storePath"] = planted; break;
            case "relative": entry["storePath"] = "../planted"; break;
            case "other-entry": entry["storePath"] = evilEntry.StorePath; break;
            case "nar-hash": entry["narHash"] = evilEntry.NarHash; break;
            case "nar-hash-garbage": entry["narHash"] = "anything"; break;
        }
        File.WriteAllText(env.LockFile, json.ToString());
        var lockText = File.ReadAllText(env.LockFile);
        var shell = TestEnv.Snapshot(env.ShellDir);

        foreach (var mode in new[] { "-p:EnvLockedMode=false", "-p:EnvLockedMode=true" })
        {
            var build = env.Build(mode);
            Assert.NotEqual(0, build.ExitCode);
            Assert.Contains($"error {code}", build.Output);
            Assert.Contains(env.LockFile, build.Output);
            Assert.Contains("delete this tool's entry", build.Output);
            Assert.Equal(lockText, File.ReadAllText(env.LockFile));
            Assert.Equal(shell, TestEnv.Snapshot(env.ShellDir));
            Assert.Equal("good", env.InShell("sh", "good").Output.Trim());
        }
    }
}
