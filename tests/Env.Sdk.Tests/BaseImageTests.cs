using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Env.Sdk.Tests;

/// <summary>
/// <c>ContainerBaseImage</c> with real parts: a base with the .NET runtime made by the test (this machine's dotnet and
/// the libraries it loads, as an OCI index), pushed with skopeo to a docker-registry on 127.0.0.1 that wants basic
/// auth; an env holding a framework-dependent .NET tool is built on it, unpacked by umoci, and the tool runs in a
/// chroot through its profile shim. The lock pins the base's digest; a moved tag is warned about and ignored, refused
/// in locked mode, and taken by an update.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class BaseImageTests(SdkFixture fixture)
{
    [Fact]
    public void A_dotnet_tool_runs_on_a_base_image_pulled_from_a_registry_whose_digest_the_lock_pins()
    {
        const string secret = "base-Pw-7";
        using var env = new TestEnv(fixture);
        using var registry = new LocalRegistry(Path.Combine(env.Root, "registry"), "puller", secret);
        var root = DotnetRoot(Path.Combine(env.Root, "base-root"));
        var firstBase = PushBase(env.Root, registry, root, "first", secret);
        var vars = new Dictionary<string, string?>
        {
            ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = registry.Host,
            ["DOTNET_CONTAINER_SOURCE_REGISTRY_UNAME"] = "puller",
            ["DOTNET_CONTAINER_SOURCE_REGISTRY_PWORD"] = secret,
        };
        // A framework-dependent tool (a dotnet exec shim) and a RID-specific one (an apphost, framework-dependent too).
        env.WriteProject("""
            <Tool Include="Hello.Tool" Version="1.0.0" />
            <Tool Include="Rid.Tool" Version="1.0.0" />
            """);
        var archive = Path.Combine(env.Root, "out", "app.tar");

        // No base: a .NET tool would find no dotnet in the image.
        var alone = env.Build(vars, "-t:PublishContainer", $"-p:ContainerArchiveOutputPath={archive}");
        Assert.True(alone.Output.Contains("error ENV0993") && alone.Output.Contains("(Hello.Tool, Rid.Tool)"), alone.ToString());
        Assert.False(File.Exists(archive));

        // An output that fails (a file where the archive's folder would be) leaves the lock without the pin.
        File.WriteAllText(Path.Combine(env.Root, "blocker"), "");
        var blocked = env.Build(vars, "-t:PublishContainer", $"-p:ContainerArchiveOutputPath={env.Root}/blocker/app.tar", $"-p:ContainerBaseImage={registry.Host}/dotnet-base:10");
        Assert.True(blocked.Output.Contains("error ENV0983"), blocked.ToString());
        Assert.DoesNotContain("containerBaseImages", File.ReadAllText(env.LockFile));

        string[] publish = ["-t:PublishContainer", $"-p:ContainerArchiveOutputPath={archive}", $"-p:ContainerBaseImage={registry.Host}/dotnet-base:10"];
        var build = env.Build(vars, publish);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain(secret, build.Output);
        using (var lockJson = JsonDocument.Parse(File.ReadAllText(env.LockFile)))
            Assert.Equal(firstBase, lockJson.RootElement.GetProperty("containerBaseImages").GetProperty($"{registry.Host}/dotnet-base:10").GetString());

        // The config starts from the base's: its PATH after the profile, its variables, command and labels.
        using (var config = JsonDocument.Parse(Run("skopeo", "inspect", "--config", $"oci-archive:{archive}:latest")))
        {
            var cfg = config.RootElement.GetProperty("config");
            var envVars = cfg.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.Contains("PATH=/envsdk/profile/bin:/usr/share/dotnet:/usr/bin:/bin", envVars);
            Assert.Contains("DOTNET_ROOT=/usr/share/dotnet", envVars);
            Assert.Contains("BASE_MARK=first", envVars);
            Assert.Equal("/bin/sh", Assert.Single(cfg.GetProperty("Cmd").EnumerateArray()).GetString());
            Assert.Equal("yes", cfg.GetProperty("Labels").GetProperty("org.example.base").GetString());
            Assert.Equal(firstBase, cfg.GetProperty("Labels").GetProperty("org.opencontainers.image.base.digest").GetString());
            Assert.Equal("test base", config.RootElement.GetProperty("history")[0].GetProperty("created_by").GetString());
        }

        // Unpacked, the tool runs through its shim on the base's dotnet.
        var layout = Path.Combine(env.Root, "layout");
        Directory.CreateDirectory(layout);
        TarFile.ExtractToDirectory(archive, layout, overwriteFiles: false);
        var bundle = Path.Combine(env.Root, "bundle");
        Run("umoci", "unpack", "--image", $"{layout}:latest", bundle);
        var inImage = new Dictionary<string, string?>
        {
            ["PATH"] = "/envsdk/profile/bin:/usr/share/dotnet:/usr/bin:/bin", ["DOTNET_ROOT"] = "/usr/share/dotnet",
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1", ["DOTNET_EnableDiagnostics"] = "0", ["HOME"] = "/tmp",
        };
        // The runtime reads /proc: a private one, in a pid and mount namespace that end with the process (unshare -r elsewhere than root).
        var rootfs = Path.Combine(bundle, "rootfs");
        string[] chrooted = [.. Environment.UserName == "root" ? Array.Empty<string>() : ["-r"], "--fork", "--pid", $"--mount-proc={rootfs}/proc", Run("sh", "-c", "command -v chroot").Trim(), rootfs];
        var ran = ProcessRunner.RunSplit("unshare", [.. chrooted, "/envsdk/profile/bin/hello-dotnet", "in", "image"], env.Root, inImage);
        Assert.True(ran.ExitCode == 0, ran.ToString());
        Assert.Equal("hello-dotnet 1.0.0 [in|image]", ran.Stdout.Trim());
        var apphost = ProcessRunner.RunSplit("unshare", [.. chrooted, "/envsdk/profile/bin/rid-hello"], env.Root, inImage);
        Assert.True(apphost.ExitCode == 0 && apphost.Stdout.Trim() == "rid-hello on linux-x64", apphost.ToString());
        var bytes = File.ReadAllBytes(archive);

        // The tag moves to another base: the lock's digest is kept (warning ENV0992), so the image is the same bytes.
        var secondBase = PushBase(env.Root, registry, root, "second", secret);
        Assert.NotEqual(firstBase, secondBase);
        var lockBefore = File.ReadAllText(env.LockFile);
        var kept = env.Build(vars, publish);
        Assert.True(kept.ExitCode == 0 && kept.Output.Contains("warning ENV0992"), kept.ToString());
        Assert.Equal(bytes, File.ReadAllBytes(archive));

        // Locked mode refuses the moved tag, writing nothing.
        var locked = env.Build(vars, [.. publish, "-p:EnvLockedMode=true"]);
        Assert.True(locked.ExitCode != 0 && locked.Output.Contains("error ENV0991") && locked.Output.Contains("--update-base"), locked.ToString());
        Assert.Equal(lockBefore, File.ReadAllText(env.LockFile));
        Assert.Equal(bytes, File.ReadAllBytes(archive));

        // An update takes the tag's new digest and pins it (dotnet env image --update-base).
        var update = env.DotnetEnv(["image", "--archive", archive, "--base-image", $"{registry.Host}/dotnet-base:10", "--update-base"], env.ProjectDir, vars);
        Assert.True(update.ExitCode == 0, update.ToString());
        using (var lockJson = JsonDocument.Parse(File.ReadAllText(env.LockFile)))
            Assert.Equal(secondBase, lockJson.RootElement.GetProperty("containerBaseImages").GetProperty($"{registry.Host}/dotnet-base:10").GetString());
        Assert.Contains("BASE_MARK=second", Run("skopeo", "inspect", "--config", $"oci-archive:{archive}:latest"));

        // Pushed to another repository of the registry the base came from: the base's layer is mounted, not sent.
        var push = env.Build(new Dictionary<string, string?>(vars) { ["DOTNET_CONTAINER_TARGET_REGISTRY_UNAME"] = "puller", ["DOTNET_CONTAINER_TARGET_REGISTRY_PWORD"] = secret },
            [.. publish, $"-p:ContainerRegistry={registry.Host}", "-p:ContainerRepository=team/app", "-v:n"]);
        var counts = System.Text.RegularExpressions.Regex.Match(push.Output, "; (\\d+) blobs uploaded, 0 already there, 1 mounted from dotnet-base\\)");
        Assert.True(push.ExitCode == 0 && counts.Success, push.ToString());
        Assert.Equal(int.Parse(counts.Groups[1].Value), registry.UploadsStarted("team/app"));
        Assert.Contains(secondBase, Run("skopeo", "inspect", "--tls-verify=false", "--creds", "puller:" + secret, $"docker://{registry.Host}/team/app:latest"));

        // Without credentials the registry refuses the pull: ENV0987, no secret shown.
        var anonymous = env.Build(new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = registry.Host }, publish);
        Assert.True(anonymous.Output.Contains("error ENV0987") && anonymous.Output.Contains("docker login"), anonymous.ToString());
        foreach (var output in new[] { build.Output, kept.Output, locked.Output, update.ToString(), push.Output, anonymous.Output }) Assert.DoesNotContain(secret, output);

        // The registry gone, offline: the pinned base from the download cache, the same archive; a base not pinned is ENV0120.
        var pushed = File.ReadAllBytes(archive);
        registry.Dispose();
        var offline = env.DotnetEnv(["image", "--archive", archive, "--base-image", $"{registry.Host}/dotnet-base:10", "--repository", "team/app", "--offline"], env.ProjectDir, vars);
        Assert.True(offline.ExitCode == 0, offline.ToString());
        Assert.Equal(pushed, File.ReadAllBytes(archive));
        var unpinned = env.Build(vars, [.. publish, "-p:EnvOffline=true", $"-p:ContainerBaseImage={registry.Host}/dotnet-base:11"]);
        Assert.True(unpinned.Output.Contains("error ENV0120") && unpinned.Output.Contains("dotnet-base:11"), unpinned.ToString());
    }

    /// <summary>
    /// A root with this machine's .NET runtime in /usr/share/dotnet, /bin/sh, and every library they load (ldd), so
    /// framework-dependent tools run in a chroot of it.
    /// </summary>
    private static string DotnetRoot(string root)
    {
        var dotnet = ImageTests.DotnetFolder();
        var runtime = Directory.GetDirectories(Path.Combine(dotnet, "shared", "Microsoft.NETCore.App")).Order(StringComparer.Ordinal).Last();
        var target = Path.Combine(root, "usr", "share", "dotnet");
        Directory.CreateDirectory(Path.Combine(target, "shared", "Microsoft.NETCore.App"));
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        Directory.CreateDirectory(Path.Combine(root, "proc"));
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        Run("cp", "-a", Path.Combine(dotnet, "dotnet"), target);
        Run("cp", "-a", Path.Combine(dotnet, "host"), target);
        Run("cp", "-a", runtime, Path.Combine(target, "shared", "Microsoft.NETCore.App"));
        Run("cp", "-L", "/bin/dash", Path.Combine(root, "bin", "sh"));
        var binaries = new[] { Path.Combine(dotnet, "dotnet"), "/bin/dash" }
            .Concat(Directory.EnumerateFiles(Path.Combine(dotnet, "host"), "*.so", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(runtime, "*.so"));
        foreach (var library in binaries.SelectMany(Libraries).Distinct(StringComparer.Ordinal))
        {
            var copy = root + library;
            if (File.Exists(copy)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            Run("cp", "-L", library, copy);
        }
        return root;
    }

    /// <summary>The libraries ldd resolves for a binary (absolute paths, the loader included).</summary>
    private static IEnumerable<string> Libraries(string binary) =>
        ProcessRunner.RunSplit("ldd", [binary], Path.GetTempPath(), new Dictionary<string, string?>()).Stdout
            .Split('\n').SelectMany(line => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).Where(p => p.StartsWith('/')).ToList();

    /// <summary>
    /// The root as a one-layer image for linux/amd64, its config marked with <paramref name="mark"/>, in an OCI index,
    /// pushed by skopeo as <c>dotnet-base:10</c>. Returns the index's digest, what the tag names.
    /// </summary>
    private static string PushBase(string dir, LocalRegistry registry, string root, string mark, string secret)
    {
        var layout = Path.Combine(dir, "base-layout-" + mark);
        var blobs = Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256")).FullName;
        var tar = Path.Combine(dir, $"base-{mark}.tar");
        Run("tar", "--sort=name", "--numeric-owner", "--owner=0", "--group=0", "--mtime=@1", "-C", root, "-cf", tar, ".");
        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(tar)));
        var gz = tar + ".gz";
        using (var input = File.OpenRead(tar))
        using (var output = File.Create(gz))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) input.CopyTo(gzip);
        var layer = Blob(blobs, File.ReadAllBytes(gz));
        var config = Blob(blobs, Encoding.UTF8.GetBytes($$$"""
            {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/share/dotnet:/usr/bin:/bin","DOTNET_ROOT=/usr/share/dotnet","BASE_MARK={{{mark}}}"],"Cmd":["/bin/sh"],"Labels":{"org.example.base":"yes"}},"rootfs":{"type":"layers","diff_ids":["{{{diffId}}}"]},"history":[{"created_by":"test base"}]}
            """.Trim()));
        var manifest = Blob(blobs, Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{config.Digest}}}","size":{{{config.Size}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{layer.Digest}}}","size":{{{layer.Size}}}}]}
            """.Trim()));
        var index = Blob(blobs, Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{manifest.Digest}}}","size":{{{manifest.Size}}},"platform":{"architecture":"amd64","os":"linux"}}]}
            """.Trim()));
        File.WriteAllText(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllText(Path.Combine(layout, "index.json"), $$$"""
            {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"{{{index.Digest}}}","size":{{{index.Size}}},"annotations":{"org.opencontainers.image.ref.name":"10"}}]}
            """);
        Run("skopeo", "copy", "--all", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", "puller:" + secret, $"oci:{layout}:10", $"docker://{registry.Host}/dotnet-base:10");
        return index.Digest;
    }

    private static (string Digest, long Size) Blob(string blobs, byte[] bytes)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllBytes(Path.Combine(blobs, hex), bytes);
        return ("sha256:" + hex, bytes.Length);
    }

    private static string Run(string program, params string[] args) => ImageTests.Run(program, args);
}
