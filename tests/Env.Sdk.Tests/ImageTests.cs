using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Env.Sdk.Tests;

/// <summary>
/// <c>dotnet build env.proj -t:PublishContainer</c> with real parts: a static program compiled by clang as an archive
/// tool, the image written as an archive, read by <c>skopeo</c>, unpacked by <c>umoci</c>, and the tool run in a
/// <c>chroot</c> of the unpacked root; the same env from two stores gives the same digest, and a changed tool one layer.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class ImageTests(SdkFixture fixture)
{
    [Fact]
    public void An_archive_tool_env_is_an_image_whose_tool_runs_in_a_chroot_of_its_unpacked_root()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = StaticTool(www, "stool", "1.0", "static hello");
        env.WriteProject($"""
            <Tool Include="stool" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            <EnvVar Include="GREETING" Value="it's a 'quoted' value" />
            <EnvVar Include="PATH" Prepend="/opt/extra/bin" />
            <ContainerLabel Include="org.example.team" Value="tools" />
            """);
        var output = Path.Combine(env.Root, "out") + "/";
        Directory.CreateDirectory(output);

        var build = env.Build("-t:PublishContainer", $"-p:ContainerArchiveOutputPath={output}", "-p:ContainerRepository=team/stool", "-p:ContainerImageTags=1.0%3Blatest");
        Assert.True(build.ExitCode == 0, build.ToString());
        var file = Path.Combine(output, "team-stool.tar");
        Assert.True(File.Exists(file), build.ToString());
        Assert.Contains($"-> {file}", build.Output);

        // skopeo reads it as an OCI archive, by each tag.
        var config = Run("skopeo", "inspect", "--config", $"oci-archive:{file}:1.0");
        using var json = JsonDocument.Parse(config);
        var cfg = json.RootElement.GetProperty("config");
        var vars = cfg.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains("PATH=/envsdk/profile/bin:/opt/extra/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", vars);
        Assert.Contains("GREETING=it's a 'quoted' value", vars);
        Assert.Equal("/work", cfg.GetProperty("WorkingDir").GetString());
        var labels = cfg.GetProperty("Labels");
        Assert.Equal("env.proj", labels.GetProperty("org.envsdk.project").GetString());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(env.LockFile))), labels.GetProperty("org.envsdk.lock").GetString());
        Assert.Equal("tools", labels.GetProperty("org.example.team").GetString());
        Assert.Equal("amd64", json.RootElement.GetProperty("architecture").GetString());
        Assert.DoesNotContain(env.Root, config);
        Assert.DoesNotContain(env.StoreDir, config);
        Run("skopeo", "inspect", "--raw", $"oci-archive:{file}:latest");

        // umoci unpacks the layout; the tool runs in a chroot of the root it made, through the profile.
        var layout = Path.Combine(env.Root, "layout");
        Directory.CreateDirectory(layout);
        TarFile.ExtractToDirectory(file, layout, overwriteFiles: false);
        var bundle = Path.Combine(env.Root, "bundle");
        Run("umoci", "unpack", "--image", $"{layout}:1.0", bundle);
        var rootfs = Path.Combine(bundle, "rootfs");
        Assert.Equal("static hello a b", Chroot(rootfs, "/envsdk/profile/bin/stool", "a", "b").Trim());
        var entry = Assert.Single(Directory.GetDirectories(Path.Combine(rootfs, "envsdk", "store")));
        Assert.EndsWith("-stool-1.0", entry);
        Assert.Equal($"/envsdk/store/{Path.GetFileName(entry)}/bin/stool", new FileInfo(Path.Combine(rootfs, "envsdk", "profile", "bin", "stool")).LinkTarget);
        Assert.Equal((UnixFileMode)0b101_101_101, File.GetUnixFileMode(Path.Combine(entry, "bin", "stool")));

        // Built again, the archive is the same bytes.
        var first = SHA256.HashData(File.ReadAllBytes(file));
        var again = env.Build("-t:PublishContainer", $"-p:ContainerArchiveOutputPath={output}", "-p:ContainerRepository=team/stool", "-p:ContainerImageTags=1.0%3Blatest");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(first, SHA256.HashData(File.ReadAllBytes(file)));

        // That image took stool's layer from the cache. A damaged record or a cut blob is a miss: the layer is made
        // again, the same bytes, and kept whole again.
        var layers = Path.Combine(env.CacheDir, "image-layers");
        var record = Assert.Single(Directory.GetFiles(layers, "*-stool-1.0.v1.json"));
        var blob = Assert.Single(Directory.GetFiles(Path.Combine(env.CacheDir, "downloads"), "sha256-*.layer"));
        var whole = File.ReadAllBytes(blob);
        foreach (var damage in new Action[] { () => File.WriteAllText(record, "{ not json"), () => File.WriteAllBytes(blob, whole[..100]) })
        {
            damage();
            var rebuilt = env.Build("-t:PublishContainer", $"-p:ContainerArchiveOutputPath={output}", "-p:ContainerRepository=team/stool", "-p:ContainerImageTags=1.0%3Blatest");
            Assert.True(rebuilt.ExitCode == 0, rebuilt.ToString());
            Assert.Equal(first, SHA256.HashData(File.ReadAllBytes(file)));
        }
        Assert.Equal(whole, File.ReadAllBytes(blob));

        // dotnet env image is the same target: the same archive, from a folder below the env.
        var below = Directory.CreateDirectory(Path.Combine(env.ProjectDir, "src", "deep")).FullName;
        Directory.CreateDirectory(Path.Combine(below, "cli-out"));
        var cli = env.DotnetEnv(["image", "--archive", "cli-out/", "--repository", "team/stool", "--tag", "1.0", "--tag", "latest"], below);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal(first, SHA256.HashData(File.ReadAllBytes(Path.Combine(below, "cli-out", "team-stool.tar"))));
    }

    [Fact]
    public void The_same_env_from_two_stores_is_the_same_image_and_a_changed_tool_changes_its_layer_alone()
    {
        using var shared = new Env.Core.Tests.TempDir("envsdk-image-www-");
        var a = StaticTool(shared.Path, "atool", "1.0", "a says");
        var b1 = StaticTool(shared.Path, "btool", "1.0", "b1 says");
        var b2 = StaticTool(shared.Path, "btool", "2.0", "b2 says");
        string Project(string b, string version) => $"""
            <Tool Include="atool" Version="1.0" Url="{new Uri(a).AbsoluteUri}" Hash="{TestArchives.Sri(a)}" />
            <Tool Include="btool" Version="{version}" Url="{new Uri(b).AbsoluteUri}" Hash="{TestArchives.Sri(b)}" />
            """;

        using var one = new TestEnv(fixture);
        using var two = new TestEnv(fixture, Path.Combine(Path.GetTempPath(), "envsdk-other-store-" + Guid.NewGuid().ToString("N")[..8], "deeper", "store"));
        try
        {
            var manifests = new List<JsonDocument>();
            foreach (var env in new[] { one, two })
            {
                env.WriteProject(Project(b1, "1.0"));
                var build = env.Build("-t:PublishContainer", $"-p:ContainerArchiveOutputPath={env.Root}/img.tar");
                Assert.True(build.ExitCode == 0, build.ToString());
                manifests.Add(JsonDocument.Parse(Run("skopeo", "inspect", "--raw", $"oci-archive:{env.Root}/img.tar:latest")));
            }
            Assert.True(manifests[0].RootElement.GetRawText() == manifests[1].RootElement.GetRawText(),
                Run("skopeo", "inspect", "--config", $"oci-archive:{one.Root}/img.tar:latest") + "\n" + Run("skopeo", "inspect", "--config", $"oci-archive:{two.Root}/img.tar:latest"));
            Assert.Equal(File.ReadAllBytes(Path.Combine(one.Root, "img.tar")), File.ReadAllBytes(Path.Combine(two.Root, "img.tar")));

            two.WriteProject(Project(b2, "2.0"));
            var changed = two.Build("-t:PublishContainer", $"-p:ContainerArchiveOutputPath={two.Root}/img.tar");
            Assert.True(changed.ExitCode == 0, changed.ToString());
            var before = Layers(manifests[0]);
            var after = Layers(JsonDocument.Parse(Run("skopeo", "inspect", "--raw", $"oci-archive:{two.Root}/img.tar:latest")));
            // atool's layer, btool's layer, the profile: atool's is the same bytes; btool's and the profile's are new.
            Assert.Equal(3, before.Count);
            Assert.Equal(3, after.Count);
            var same = Assert.Single(before.Intersect(after));
            using var config = JsonDocument.Parse(Run("skopeo", "inspect", "--config", $"oci-archive:{two.Root}/img.tar:latest"));
            var history = config.RootElement.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("created_by").GetString()!).ToList();
            Assert.EndsWith("-atool-1.0", history[after.IndexOf(same)]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(two.StoreDir))!, recursive: true);
        }
    }

    [Fact]
    public void A_push_with_basic_auth_from_a_docker_config_sends_only_new_layers_shows_no_secret_and_runs_from_the_registry()
    {
        const string secret = "s3cret-Pw-4-registry";
        using var env = new TestEnv(fixture);
        using var registry = new LocalRegistry(Path.Combine(env.Root, "registry"), "pusher", secret);
        var www = Path.Combine(env.Root, "www");
        var a = StaticTool(www, "atool", "1.0", "a says");
        var b1 = StaticTool(www, "btool", "1.0", "b1 says");
        var b2 = StaticTool(www, "btool", "2.0", "b2 says");
        string Project(string b, string version) => $"""
            <Tool Include="atool" Version="1.0" Url="{new Uri(a).AbsoluteUri}" Hash="{TestArchives.Sri(a)}" />
            <Tool Include="btool" Version="{version}" Url="{new Uri(b).AbsoluteUri}" Hash="{TestArchives.Sri(b)}" />
            """;
        // Docker's config file, as `docker login` writes it, in the test's HOME.
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("pusher:" + secret));
        Directory.CreateDirectory(Path.Combine(env.Home, ".docker"));
        File.WriteAllText(Path.Combine(env.Home, ".docker", "config.json"), $$"""{ "auths": { "{{registry.Host}}": { "auth": "{{auth}}" } } }""");
        var vars = new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = registry.Host, ["DOCKER_CONFIG"] = null };
        string[] push = ["-t:PublishContainer", $"-p:ContainerRegistry={registry.Host}", "-p:ContainerRepository=team/tools", "-p:ContainerImageTags=1.0", "-v:n"];

        env.WriteProject(Project(b1, "1.0"));
        var first = env.Build(vars, push);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("4 blobs uploaded, 0 already there", first.Output);
        Assert.Equal(4, registry.UploadsStarted("team/tools"));
        var digest = System.Text.RegularExpressions.Regex.Match(first.Output, $"{registry.Host}/team/tools:1.0 \\((sha256:[0-9a-f]{{64}})").Groups[1].Value;
        var raw = Run("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", "pusher:" + secret, $"docker://{registry.Host}/team/tools:1.0");
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(raw))));

        // Pulled back from the registry, unpacked, run.
        var layout = Path.Combine(env.Root, "pulled");
        Run("skopeo", "copy", "--src-tls-verify=false", "--src-creds", "pusher:" + secret, $"docker://{registry.Host}/team/tools:1.0", $"oci:{layout}:1.0");
        var bundle = Path.Combine(env.Root, "bundle");
        Run("umoci", "unpack", "--image", $"{layout}:1.0", bundle);
        Assert.Equal("b1 says x", Chroot(Path.Combine(bundle, "rootfs"), "/envsdk/profile/bin/btool", "x").Trim());

        // One tool changed: its layer, the profile's and the config go up; atool's layer is not sent again.
        env.WriteProject(Project(b2, "2.0"));
        var second = env.Build(vars, push);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("3 blobs uploaded, 1 already there", second.Output);
        Assert.Equal(7, registry.UploadsStarted("team/tools"));

        // A credential helper, as Docker's config names it (credHelpers): asked with the registry on its input.
        var helpers = Directory.CreateDirectory(Path.Combine(env.Root, "helpers")).FullName;
        var helper = Path.Combine(helpers, "docker-credential-envtest");
        File.WriteAllText(helper, $$"""
            #!/bin/sh
            [ "$1" = get ] && [ "$(cat)" = "{{registry.Host}}" ] || exit 1
            printf '{"ServerURL":"%s","Username":"pusher","Secret":"{{secret}}"}' "{{registry.Host}}"
            """);
        File.SetUnixFileMode(helper, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(env.Home, ".docker", "config.json"), $$"""{ "credHelpers": { "{{registry.Host}}": "envtest" } }""");
        var withHelper = new Dictionary<string, string?>(vars) { ["PATH"] = helpers + ":" + Environment.GetEnvironmentVariable("PATH") };
        var third = env.Build(withHelper, push);
        Assert.True(third.ExitCode == 0 && third.Output.Contains("0 blobs uploaded, 4 already there"), third.ToString());
        // A helper that is not there: ENV0988 naming it.
        File.WriteAllText(Path.Combine(env.Home, ".docker", "config.json"), """{ "credsStore": "nosuch" }""");
        var noHelper = env.Build(vars, push);
        Assert.True(noHelper.Output.Contains("error ENV0988") && noHelper.Output.Contains("docker-credential-nosuch"), noHelper.ToString());

        foreach (var output in new[] { first.Output, second.Output, third.Output, noHelper.Output })
        {
            Assert.DoesNotContain(secret, output);
            Assert.DoesNotContain(auth, output);
        }

        // No credentials: refused with the next step, and still no secret anywhere.
        File.Delete(Path.Combine(env.Home, ".docker", "config.json"));
        var refused = env.Build(vars, push);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.True(refused.Output.Contains("ENV0987"), refused.ToString());
        Assert.Contains("docker login", refused.Output);
    }

    [Fact]
    public void Without_an_archive_or_a_registry_the_image_is_loaded_into_podman()
    {
        using var env = new TestEnv(fixture);
        var a = StaticTool(Path.Combine(env.Root, "www"), "atool", "1.0", "a says");
        env.WriteProject($"""<Tool Include="atool" Version="1.0" Url="{new Uri(a).AbsoluteUri}" Hash="{TestArchives.Sri(a)}" />""");
        // Podman's storage in the test's folder (vfs: no mount needed), never the machine's.
        var storage = Path.Combine(env.Root, "podman");
        Directory.CreateDirectory(storage);
        File.WriteAllText(Path.Combine(storage, "storage.conf"), $"""
            [storage]
            driver = "vfs"
            runroot = "{storage}/run"
            graphroot = "{storage}/graph"
            """);
        var vars = new Dictionary<string, string?> { ["CONTAINERS_STORAGE_CONF"] = Path.Combine(storage, "storage.conf") };
        var build = env.Build(vars, "-t:PublishContainer", "-p:LocalRegistry=Podman", "-p:ContainerRepository=team/atool", "-p:ContainerImageTags=1.0%3Blatest", "-p:ContainerUser=1000:1000");
        Assert.True(build.ExitCode == 0 && build.Output.Contains("-> podman (team/atool:1.0,latest"), build.ToString());

        var podman = ProcessRunner.RunSplit("podman", ["image", "inspect", "localhost/team/atool:1.0"], env.Root, vars);
        Assert.True(podman.ExitCode == 0, podman.ToString());
        using var inspect = JsonDocument.Parse(podman.Stdout);
        var image = inspect.RootElement[0];
        Assert.Contains("localhost/team/atool:latest", image.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("env.proj", image.GetProperty("Config").GetProperty("Labels").GetProperty("org.envsdk.project").GetString());
        Assert.Equal("1000:1000", image.GetProperty("Config").GetProperty("User").GetString());
        Assert.Contains("PATH=/envsdk/profile/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            image.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()));

        // An engine that is neither: ENV0994.
        var other = env.Build(vars, "-t:PublishContainer", "-p:LocalRegistry=Containerd");
        Assert.True(other.Output.Contains("error ENV0994"), other.ToString());
    }

    private static string Chroot(string root, params string[] command) =>
        // chroot needs root; elsewhere a user namespace gives it (unshare -r).
        Environment.UserName == "root" ? Run("chroot", [root, .. command]) : Run("unshare", ["-r", "chroot", root, .. command]);

    [Fact]
    public void Hostile_names_settings_and_a_docker_config_that_is_a_fifo_are_coded_errors_before_anything_is_written()
    {
        using var env = new TestEnv(fixture);
        var a = StaticTool(Path.Combine(env.Root, "www"), "atool", "1.0", "a says");
        env.WriteProject($"""<Tool Include="atool" Version="1.0" Url="{new Uri(a).AbsoluteUri}" Hash="{TestArchives.Sri(a)}" />""");
        Assert.Equal(0, env.Build().ExitCode);
        var output = Directory.CreateDirectory(Path.Combine(env.Root, "out")).FullName + "/";

        // A repository that would climb out of the archive's folder, a tag a registry would refuse.
        foreach (var (property, value) in new[] { ("ContainerRepository", "../../etc/x"), ("ContainerRepository", "Upper"), ("ContainerImageTags", "-rf"), ("ContainerImageTags", ".hidden") })
        {
            var bad = env.Build("-t:PublishContainer", $"-p:ContainerArchiveOutputPath={output}", $"-p:{property}={value}");
            Assert.NotEqual(0, bad.ExitCode);
            Assert.True(bad.Output.Contains("error ENV0984"), bad.ToString());
        }
        var windows = env.Build("-t:PublishContainer", $"-p:ContainerArchiveOutputPath={output}", "-p:ContainerRuntimeIdentifier=win-x64");
        Assert.True(windows.Output.Contains("error ENV0981"), windows.ToString());
        // Nowhere to go: no archive, no registry, and neither docker nor podman on PATH (only dotnet's folder).
        var nowhere = env.Build(new Dictionary<string, string?> { ["PATH"] = DotnetFolder() }, "-t:PublishContainer");
        Assert.True(nowhere.Output.Contains("error ENV0985"), nowhere.ToString());
        // A file where the archive's folder would be: ENV0983. A base image that names no registry: ENV0989, before any request.
        File.WriteAllText(Path.Combine(env.Root, "blocker"), "");
        var blocked = env.Build("-t:PublishContainer", $"-p:ContainerArchiveOutputPath={env.Root}/blocker/img.tar");
        Assert.True(blocked.Output.Contains("error ENV0983"), blocked.ToString());
        var bare = env.Build("-t:PublishContainer", $"-p:ContainerArchiveOutputPath={output}", "-p:ContainerBaseImage=debian:12");
        Assert.True(bare.Output.Contains("error ENV0989"), bare.ToString());
        var user = env.Build("-t:PublishContainer", $"-p:ContainerArchiveOutputPath={output}", "-p:ContainerUser=../root");
        Assert.True(user.Output.Contains("error ENV0995"), user.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
        // A missing folder is made, as the .NET SDK makes it.
        var made = env.Build("-t:PublishContainer", $"-p:ContainerArchiveOutputPath={env.Root}/no/such/folder/img.tar");
        Assert.True(made.ExitCode == 0 && File.Exists($"{env.Root}/no/such/folder/img.tar"), made.ToString());

        // Docker's config file as a fifo: refused at once, no hang waiting for a writer.
        var docker = Directory.CreateDirectory(Path.Combine(env.Home, ".docker")).FullName;
        Assert.Equal(0, ProcessRunner.RunSplit("mkfifo", [Path.Combine(docker, "config.json")], env.Root, new Dictionary<string, string?>()).ExitCode);
        var fifo = env.Build(new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = "127.0.0.1:9", ["DOCKER_CONFIG"] = null },
            "-t:PublishContainer", "-p:ContainerRegistry=127.0.0.1:9");
        Assert.True(fifo.Output.Contains("error ENV0988"), fifo.ToString());

        // A registry that is not there: ENV0986 naming it.
        File.Delete(Path.Combine(docker, "config.json"));
        var unreachable = env.Build(new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = "127.0.0.1:9", ["DOCKER_CONFIG"] = null },
            "-t:PublishContainer", "-p:ContainerRegistry=127.0.0.1:9");
        Assert.True(unreachable.Output.Contains("error ENV0986") && unreachable.Output.Contains("127.0.0.1:9"), unreachable.ToString());
    }

    private static List<string> Layers(JsonDocument manifest) =>
        manifest.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()!).ToList();

    /// <summary>A statically linked program (clang, libc.a) in NAME-VERSION/bin/NAME of a .tar.gz: it runs in an image with no base.</summary>
    private static string StaticTool(string dir, string name, string version, string message)
    {
        Directory.CreateDirectory(dir);
        var source = Path.Combine(dir, $"{name}-{version}.c");
        File.WriteAllText(source, $$"""
            #include <stdio.h>
            int main(int argc, char **argv) { fputs("{{message}}", stdout); for (int i = 1; i < argc; i++) printf(" %s", argv[i]); putchar('\n'); return 0; }
            """);
        var program = Path.Combine(dir, $"{name}-{version}.bin");
        Run("clang", "-static", "-O1", "-o", program, source);
        var path = Path.Combine(dir, $"{name}-{version}.tar.gz");
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gz, TarEntryFormat.Pax);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, $"{name}-{version}/") { Mode = (UnixFileMode)0b111_101_101 });
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, $"{name}-{version}/bin/") { Mode = (UnixFileMode)0b111_101_101 });
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{name}-{version}/bin/{name}") { Mode = (UnixFileMode)0b111_101_101, DataStream = File.OpenRead(program) });
        return path;
    }

    /// <summary>The folder of the dotnet on PATH, its link followed (/usr/share/dotnet): the runtime an image's base copies.</summary>
    internal static string DotnetFolder()
    {
        var dotnet = Run("sh", "-c", "command -v dotnet").Trim();
        return Path.GetDirectoryName(new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet)!;
    }

    /// <summary>A program's stdout; its failure fails the test, with what it said.</summary>
    internal static string Run(string program, params string[] args)
    {
        var result = ProcessRunner.RunSplit(program, args, Path.GetTempPath(), new Dictionary<string, string?>());
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', args)}: {result}");
        return result.Stdout;
    }
}
