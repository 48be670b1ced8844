using System.Runtime.InteropServices;

namespace Env.Core.Platforms;

/// <summary>
/// Portable runtime identifiers (RIDs) and the order in which assets for other RIDs may stand in for them,
/// as the .NET SDK's portable RID graph has it: the most specific first, <c>any</c> last.
/// </summary>
public static class RuntimeIdentifierChain
{
    private static readonly HashSet<string> UnixFamilies = new(StringComparer.OrdinalIgnoreCase)
    {
        "linux", "osx", "freebsd", "illumos", "solaris", "android", "ios", "iossimulator", "maccatalyst", "tvos", "tvossimulator", "haiku",
    };

    /// <summary>Linux distribution names of legacy (non-portable) RIDs such as <c>ubuntu.22.04-x64</c>.</summary>
    private static readonly HashSet<string> LinuxDistros = new(StringComparer.OrdinalIgnoreCase)
    {
        "ubuntu", "debian", "rhel", "centos", "fedora", "ol", "opensuse", "sles", "linuxmint", "gentoo", "arch", "manjaro", "tizen", "exherbo", "azurelinux", "mariner", "rocky", "almalinux", "amzn",
    };

    /// <summary>
    /// The RID itself followed by the RIDs whose assets it can use, most specific first:
    /// <c>linux-musl-x64 → linux-x64 → linux → unix → any</c>, <c>osx-arm64 → osx → unix → any</c>,
    /// <c>win-x64 → win → any</c>. Legacy versioned RIDs (<c>win10-x64</c>, <c>ubuntu.22.04-x64</c>, <c>alpine.3.20-x64</c>)
    /// start with themselves and continue with their portable equivalent. Unknown RIDs fall back to <c>any</c>.
    /// </summary>
    public static IReadOnlyList<string> Fallbacks(string rid)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rid);
        var chain = new List<string>();
        void Add(string r)
        {
            if (!chain.Contains(r, StringComparer.OrdinalIgnoreCase)) chain.Add(r);
        }

        rid = rid.Trim().ToLowerInvariant();
        Add(rid);
        var portable = ToPortable(rid);
        if (portable is null)
        {
            Add("any");
            return chain;
        }
        Add(portable);

        var (os, libc, arch) = Split(portable);
        if (libc is not null && arch is not null) Add($"{os}-{arch}");
        if (os is "any") return chain;
        if (os is not "unix" and not "win") Add(os);
        if (os is "android") Add("linux");
        if (os is "win")
        {
            Add("win");
        }
        else if (os is "browser" or "wasi")
        {
            // WebAssembly targets are neither Unix nor Windows.
        }
        else
        {
            Add("unix");
        }
        Add("any");
        return chain;
    }

    /// <summary>
    /// The portable RID of this process: <c>linux-x64</c>, <c>linux-musl-arm64</c> (Alpine or another musl libc),
    /// <c>osx-arm64</c>, <c>win-x64</c>, … The architecture is the process's (an x64 runtime under emulation gives x64).
    /// </summary>
    public static string Current()
    {
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.X86 => "x86",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            Architecture.Armv6 => "armv6",
            Architecture.Wasm => "wasm",
            Architecture.S390x => "s390x",
            Architecture.LoongArch64 => "loongarch64",
            Architecture.Ppc64le => "ppc64le",
            Architecture.RiscV64 => "riscv64",
            var other => other.ToString().ToLowerInvariant(),
        };

        if (OperatingSystem.IsWindows()) return $"win-{arch}";
        if (OperatingSystem.IsMacOS()) return $"osx-{arch}";
        if (OperatingSystem.IsMacCatalyst()) return $"maccatalyst-{arch}";
        if (OperatingSystem.IsIOS()) return $"ios-{arch}";
        if (OperatingSystem.IsTvOS()) return $"tvos-{arch}";
        if (OperatingSystem.IsAndroid()) return $"android-{arch}";
        if (OperatingSystem.IsFreeBSD()) return $"freebsd-{arch}";
        if (OperatingSystem.IsBrowser()) return "browser-wasm";
        if (OperatingSystem.IsWasi()) return "wasi-wasm";
        if (OperatingSystem.IsLinux()) return IsMusl() ? $"linux-musl-{arch}" : $"linux-{arch}";

        // Another Unix (illumos, solaris, haiku): trust the runtime's own RID, made portable where it can be.
        return ToPortable(RuntimeInformation.RuntimeIdentifier.ToLowerInvariant()) ?? RuntimeInformation.RuntimeIdentifier;
    }

    private static bool IsMusl()
    {
        if (RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.OrdinalIgnoreCase)) return true;
        if (RuntimeInformation.RuntimeIdentifier.StartsWith("alpine", StringComparison.OrdinalIgnoreCase)) return true;
        if (File.Exists("/etc/alpine-release")) return true;
        // This architecture's musl loader, as Sdk.targets probes it: a musl loader for another architecture
        // (multi-arch) does not make this process a musl one.
        var loader = $"ld-musl-{MuslArchitecture(RuntimeInformation.ProcessArchitecture)}.so.1";
        return File.Exists(Path.Combine("/lib", loader)) || File.Exists(Path.Combine("/usr/lib", loader));
    }

    private static string MuslArchitecture(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.X86 => "i386",
        Architecture.Arm64 => "aarch64",
        Architecture.Arm => "armhf",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    /// <summary>Whether <paramref name="rid"/> names an OS this graph knows (<c>linux-x64</c>, <c>osx</c>, <c>win10-x64</c>, <c>any</c>), so that its chain is more than itself and <c>any</c>.</summary>
    public static bool IsKnown(string rid) => !string.IsNullOrWhiteSpace(rid) && ToPortable(rid.Trim().ToLowerInvariant()) is not null;

    /// <summary>Maps a RID to its portable form (<c>win10-x64</c> → <c>win-x64</c>); null when the OS part is unknown.</summary>
    internal static string? ToPortable(string rid)
    {
        if (rid is "any" or "unix" or "win" or "linux" or "linux-musl" or "linux-bionic") return rid;

        var dash = rid.IndexOf('-');
        var osPart = dash < 0 ? rid : rid[..dash];
        var rest = dash < 0 ? "" : rid[dash..]; // "-x64", "-musl-x64"

        // Strip versions: "win10", "osx.13", "ubuntu.22.04", "freebsd.14".
        var dot = osPart.IndexOf('.');
        var osName = dot < 0 ? osPart : osPart[..dot];
        osName = osName.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        if (osName.Length == 0) return null;

        string os;
        if (osName is "win" or "osx" or "linux" or "unix" or "any" or "browser" or "wasi" || UnixFamilies.Contains(osName))
            os = osName;
        else if (osName is "alpine")
            return "linux-musl" + rest;
        else if (LinuxDistros.Contains(osName))
            os = "linux";
        else
            return null;
        return os + rest;
    }

    private static (string Os, string? Libc, string? Arch) Split(string portable)
    {
        var parts = portable.Split('-');
        return parts.Length switch
        {
            1 => (parts[0], null, null),
            2 when parts[1] is "musl" or "bionic" => (parts[0], parts[1], null),
            2 => (parts[0], null, parts[1]),
            _ => (parts[0], parts[1], string.Join('-', parts[2..])),
        };
    }
}
