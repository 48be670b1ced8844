using System.Diagnostics;
using System.Text;

namespace Env.Core.Tests.Nix;

/// <summary>
/// Runs Debian's nix-bin (2.8) as the reference implementation, fully isolated: the store is
/// <c>local?root=&lt;temp&gt;</c> (its database, locks and files live under the temp folder while paths still read
/// /nix/store) and NIX_STATE_DIR, NIX_LOG_DIR, NIX_CONF_DIR, HOME and XDG_* point into the same folder, so
/// nothing under /nix or the user's home is read or written.
/// </summary>
internal sealed class NixOracle : IDisposable
{
    private readonly TempDir home = new("envsdk-nix-oracle-");

    public NixOracle()
    {
        foreach (var dir in new[] { "state", "log", "conf", "home", "cache", "config", "store-root" }) Directory.CreateDirectory(home.Combine(dir));
        StoreUri = $"local?root={home.Combine("store-root")}";
    }

    public string StoreUri { get; }

    public byte[] Dump(string path) => Run("nix-store", "--store", StoreUri, "--dump", path);

    public string HashHex(string path) => RunText("nix-hash", "--type", "sha256", path);

    public string HashNix32(string path) => RunText("nix-hash", "--type", "sha256", "--base32", path);

    public string ToNix32(string hex) => RunText("nix-hash", "--type", "sha256", "--to-base32", hex);

    /// <summary>Copies <paramref name="path"/> into the temp store; the name is the base name of the path.</summary>
    public string AddFixed(string path) => RunText("nix-store", "--store", StoreUri, "--add-fixed", "--recursive", "sha256", path);

    public string PrintFixedPath(string nix32, string name) =>
        RunText("nix-store", "--store", StoreUri, "--print-fixed-path", "--recursive", "sha256", nix32, name);

    public void Dispose() => home.Dispose();

    private string RunText(string tool, params string[] args) => Encoding.UTF8.GetString(Run(tool, args)).Trim();

    private byte[] Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(Require(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["NIX_STATE_DIR"] = home.Combine("state");
        info.Environment["NIX_LOG_DIR"] = home.Combine("log");
        info.Environment["NIX_CONF_DIR"] = home.Combine("conf");
        info.Environment["HOME"] = home.Combine("home");
        info.Environment["XDG_CACHE_HOME"] = home.Combine("cache");
        info.Environment["XDG_CONFIG_HOME"] = home.Combine("config");
        info.Environment["NIX_REMOTE"] = "";

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}");
        return stdout.ToArray();
    }

    /// <summary>Fails (never skips) without nix-bin: CI installs it, and a silent skip would hide a broken oracle.</summary>
    private static string Require(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }

        Assert.Fail($"'{tool}' was not found on PATH. The Nix oracle tests need Debian's nix-bin: run `sudo apt-get install nix-bin`.");
        throw new UnreachableException();
    }
}
