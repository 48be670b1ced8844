namespace Env.Core.Diagnostics;

/// <summary>
/// Every code Env.Sdk reports, one member per row of docs/errors.md (the one table), named as the user sees it
/// (<c>ENV0104</c>) and numbered by it, as NuGet's <c>NuGetLogCode</c>. Each summary is the first sentence of the row's
/// Meaning; ErrorCatalogTests keeps members, rows and summaries equal, and keeps codes out of string literals.
/// A new code: a row in docs/errors.md (in your range), then its member here; a retired code is never reused.
/// </summary>
public enum EnvCode
{
    // ENV00xx — env.proj input

    /// <summary>A <c>Tool</c> name uses characters a store path cannot hold, or <c>?</c> (an MSBuild wildcard).</summary>
    ENV0001 = 1,

    /// <summary>A <c>Tool</c> item has metadata Env.Sdk does not know (often a typo; the message suggests the near one).</summary>
    ENV0002 = 2,

    /// <summary><c>Url</c> is neither an absolute URL nor a plain path relative to the project's folder.</summary>
    ENV0003 = 3,

    /// <summary><c>Hash</c> is malformed.</summary>
    ENV0004 = 4,

    /// <summary>A tool has no item for this platform.</summary>
    ENV0005 = 5,

    /// <summary>A <c>Bin</c> path is not a file in the archive or package (or, in the store, is a link leading out of the tool's entry).</summary>
    ENV0006 = 6,

    /// <summary>A tool exposes no command: a non-tool package without <c>Bin</c>, or an archive with no executables in <c>bin/</c> or the root.</summary>
    ENV0007 = 7,

    /// <summary>Two tools expose the same command name (compared ignoring case: on Windows and macOS <c>Foo</c> and <c>foo</c> are one file).</summary>
    ENV0008 = 8,

    /// <summary>A tool has both <c>Url</c> and <c>Package</c>.</summary>
    ENV0009 = 9,

    /// <summary>A tool has no <c>Version</c>.</summary>
    ENV0010 = 10,

    /// <summary><c>Hash</c> or <c>Executable</c> on a NuGet tool.</summary>
    ENV0011 = 11,

    /// <summary>A <c>Bin</c> path is absolute or climbs out with <c>..</c>.</summary>
    ENV0012 = 12,

    /// <summary><c>StripRoot</c>, <c>Executable</c> or <c>Optional</c> is not <c>true</c>/<c>false</c>.</summary>
    ENV0013 = 13,

    /// <summary>Two items of one tool name the same <c>Rid</c>.</summary>
    ENV0014 = 14,

    /// <summary>An <c>EnvVar</c> name is not portable (ASCII letters, digits, <c>_</c>, not starting with a digit; nothing else, not even a trailing newline), or its value holds NUL.</summary>
    ENV0015 = 15,

    /// <summary>An <c>EnvVar</c> item has metadata other than <c>Value</c>, <c>Prepend</c>, <c>Append</c>, <c>Unset</c>.</summary>
    ENV0016 = 16,

    /// <summary>A command name is not a plain file name: a name in a package's DotnetToolSettings.xml, the file name of a <c>Bin</c> path or of an executable in an archive's <c>bin/</c>, or the tool name of <c>Executable="true"</c> is empty, <c>.</c>/<c>..</c>, holds <c>/</c> or <c>\</c>, a control character or NUL, an invisible format character (a bidi control such as U+202E, a zero-width space or joiner, a BOM: they make a name read as another), starts with <c>-</c>, or is over 255 bytes.</summary>
    ENV0017 = 17,

    /// <summary>One tool would expose one command name twice: two <c>Bin</c> paths with the same file name (<c>Bin="a/x;b/x"</c>, compared ignoring case), or a package declaring a command twice.</summary>
    ENV0018 = 18,

    /// <summary>An <c>EnvVar</c> name is one an environment may not set: Env.Sdk's own (<c>ENVSDK_*</c>, <c>_ENVSDK_*</c>; <c>PATH</c> takes only <c>Prepend</c>/<c>Append</c>, ENV0027), special to a shell (read-only, tied to shell state, or run as code), the user's session (<c>HOME</c>, <c>USER</c>, <c>LOGNAME</c>, <c>SHELL</c>), or read by the dynamic loader (<c>LD_*</c>, <c>DYLD_*</c>).</summary>
    ENV0019 = 19,

    /// <summary>Two <c>EnvVar</c> items set one variable with <c>Value</c> (names compared ignoring case: on Windows <c>Foo</c> and <c>FOO</c> are one).</summary>
    ENV0020 = 20,

    /// <summary>An <c>EnvVar</c> is longer than the kernel allows one environment string (131072 bytes of UTF-8 for <c>NAME=value</c> and its NUL): every program started from the shell would fail.</summary>
    ENV0021 = 21,

    /// <summary>An <c>EnvVar</c> item has more than one of <c>Value</c>, <c>Prepend</c>, <c>Append</c>, <c>Unset</c>: an item does one thing.</summary>
    ENV0022 = 22,

    /// <summary><c>Unset</c> is not <c>true</c> (<c>Unset="false"</c>, <c>Unset="yes"</c>).</summary>
    ENV0023 = 23,

    /// <summary><c>Prepend</c> or <c>Append</c> is empty: in a search list (PATH, MANPATH, PKG_CONFIG_PATH…) an empty entry means the current folder.</summary>
    ENV0024 = 24,

    /// <summary>One variable has items that do not go together: a <c>Value</c> or <c>Unset</c> item beside any other item for it, or <c>Prepend</c>/<c>Append</c> items spelling its name in different cases (one variable on Windows).</summary>
    ENV0025 = 25,

    /// <summary>One variable gets the same entry twice (two <c>Prepend</c>/<c>Append</c> items with the same text).</summary>
    ENV0026 = 26,

    /// <summary>An <c>EnvVar</c> item for <c>PATH</c> sets or unsets it, or spells the name in another case (<c>Path</c>): PATH takes only entries, so that the env's tools and the PATH the shell had stay.</summary>
    ENV0027 = 27,

    /// <summary>A <c>PATH</c> entry cannot be one folder: it holds <c>:</c> or <c>;</c> (a list separator), a line break, <c>$(</c>, <c>${</c> or a backquote (text meant to run or expand), starts with <c>~</c> (no shell expands it inside quotes), or, read back from env.json, is not absolute.</summary>
    ENV0028 = 28,

    /// <summary>A <c>ShellAlias</c> name is not a simple word (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, not starting with <c>-</c> or <c>.</c>, at most 64), or is one a shell reserves (a keyword or builtin such as <c>cd</c>, <c>exit</c>, <c>alias</c>, <c>set</c>, or Env.Sdk's <c>envsdk_deactivate</c>).</summary>
    ENV0029 = 29,

    /// <summary>A <c>Url</c> holds a user name or password (<c>https://user:password@host/…</c>).</summary>
    ENV0030 = 30,

    /// <summary><c>EnvMaxDownloadSize</c> or <c>EnvDownloadTimeout</c> (or <c>ENVSDK_DOWNLOAD_TIMEOUT</c>) is not a whole number greater than 0.</summary>
    ENV0031 = 31,

    /// <summary>A <c>ShellAlias</c> item's metadata is wrong: metadata other than <c>Command</c>, no (or blank) <c>Command</c>, or a <c>Command</c> holding a NUL or a line break, or over 4096 bytes.</summary>
    ENV0032 = 32,

    /// <summary>Two <c>ShellAlias</c> items have one name (compared ignoring case: cmd and PowerShell do).</summary>
    ENV0033 = 33,

    /// <summary>Warning: an item type in env.proj (or a file it imports by a plain path) looks like a misspelling of one Env.Sdk reads (<c>&lt;Tools&gt;</c>, <c>&lt;Tol&gt;</c>, <c>&lt;EnvVars&gt;</c>, <c>&lt;PackageReference&gt;</c>, <c>&lt;HomeFiles&gt;</c>…); MSBuild accepts any item type, so those items are ignored.</summary>
    ENV0035 = 35,

    /// <summary>Warning: env.proj declares no <c>Tool</c> item; the environment is empty.</summary>
    ENV0036 = 36,

    /// <summary>A <c>Tool</c> Include holds <c>?</c> or <c>*</c>: MSBuild wildcards, expanded to matching file names (or none), so the tool was silently lost.</summary>
    ENV0037 = 37,

    /// <summary><c>EnvUpdateTools</c> names a tool env.proj does not declare.</summary>
    ENV0038 = 38,

    /// <summary>A home repository (<c>EnvKind</c> <c>Home</c>) has no configuration for this machine: neither <c>homes/$(EnvUser)@$(EnvHost).props</c> nor <c>homes/$(EnvUser).props</c> exists, or <c>HomeConfiguration</c> names a file that does not exist.</summary>
    ENV0040 = 40,

    /// <summary><c>HomeConfiguration</c> is not a name: it holds a path separator or <c>..</c>.</summary>
    ENV0041 = 41,

    /// <summary>A <c>HomeFile</c>'s place in the home folder cannot be: its <c>Include</c> (or a file found in its source folder, appended to it) is absolute, holds <c>..</c>, <c>.</c>, <c>//</c>, <c>\</c>, a control character or a trailing <c>/</c>, or is too long; or it lies in or in place of the store or the state folder (<c>EnvStoreDir</c>, <c>EnvStateDir</c>) when those are in the home folder.</summary>
    ENV0042 = 42,

    /// <summary>A <c>HomeFile</c>'s metadata is wrong: neither or both of <c>Source</c> and <c>Text</c>, metadata other than <c>Source</c>, <c>Text</c>, <c>Mode</c>, <c>Executable</c>, <c>OnChange</c>, a <c>Mode</c> other than <c>Link</c> or <c>Copy</c>, an <c>Executable</c> other than <c>true</c> or <c>false</c>, an <c>OnChange</c> that is blank, holds a NUL or is over 64 KiB.</summary>
    ENV0043 = 43,

    /// <summary>A <c>HomeFile</c>'s <c>Source</c> cannot be used: it does not exist (or a link on its way dangles or loops); once every link is followed it is not inside the project's folder (<c>/etc/shadow</c>, <c>~/.ssh/id_rsa</c>, <c>../</c>, or a link in a source folder leading there — sources are copied into the store, which every user of the machine can read); it names a folder without a trailing <c>/</c>, or a file with one; or it is a device, fifo or socket.</summary>
    ENV0044 = 44,

    /// <summary>Two <c>HomeFile</c>s (or a <c>HomeFile</c> and the <c>HomeFragment</c>s of one place) put a file at one place, or one is a file where another needs a folder (<c>.config</c> and <c>.config/nvim/init.lua</c>).</summary>
    ENV0045 = 45,

    /// <summary>The home files come to more than 100,000 files or <c>EnvMaxUnpackedSize</c> bytes (8 GiB by default), or a source grew while it was copied.</summary>
    ENV0046 = 46,

    /// <summary>A <c>HomeActivation</c> is not a named command: its <c>Include</c> is not a name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>; at most 100), it has no <c>Command</c> or metadata other than <c>Command</c>, the command holds a NUL or is over 64 KiB, or two items share a name.</summary>
    ENV0047 = 47,

    /// <summary><c>HomeFile</c>, <c>HomeFragment</c> or <c>HomeActivation</c> items in an env.proj whose <c>EnvKind</c> is not <c>Home</c>: they would be ignored.</summary>
    ENV0048 = 48,

    /// <summary>A <c>HomeFile</c> Include holds <c>?</c> or <c>*</c>: MSBuild wildcards, expanded to names of files in the project's folder (or none), so the item was silently changed or lost.</summary>
    ENV0049 = 49,

    /// <summary>A <c>Tool</c> item without <c>Version</c> or <c>Url</c> (so taken from a tool set) names a tool no set in use defines.</summary>
    ENV0050 = 50,

    /// <summary>A tool taken from a set is defined by more than one set in use.</summary>
    ENV0051 = 51,

    /// <summary><c>ToolSet="SET"</c> names a set env.proj does not use.</summary>
    ENV0052 = 52,

    /// <summary>A <c>Tool</c> item taken from a set has other metadata (<c>Bin</c>, <c>Rid</c>, <c>Package</c>…; <c>Optional</c> and <c>Platforms</c> are allowed), or names <c>ToolSet</c> and also gives <c>Version</c>/<c>Url</c>.</summary>
    ENV0053 = 53,

    /// <summary>A tool is taken from a set twice, or taken from a set and also written out in a <c>Tool</c> item of its own.</summary>
    ENV0054 = 54,

    /// <summary><c>ToolSet="SET"</c> names a set that does not define the tool (the message lists what it defines).</summary>
    ENV0055 = 55,

    /// <summary>env.proj itself has <c>ToolDefinition</c> items.</summary>
    ENV0056 = 56,

    /// <summary>A tool's <c>Platforms</c> is not a list of runtime identifiers of a known OS (empty, a misspelt OS such as <c>lnux-x64</c>, a character no RID has), or the tool has an item for a platform its <c>Platforms</c> leaves out (no listed platform would use it).</summary>
    ENV0057 = 57,

    /// <summary>Items of one tool give different <c>Optional</c> or <c>Platforms</c> values: both are about the tool, not one item.</summary>
    ENV0058 = 58,

    /// <summary>Warning: env.proj is built as the project of a folder that also holds an app or test project (<c>.csproj</c>, <c>.fsproj</c>, <c>.vbproj</c>), where <c>dotnet build</c>, <c>test</c>, <c>pack</c> and <c>publish</c> without a project name run on env.proj alone and <c>dotnet run</c> refuses to choose.</summary>
    ENV0059 = 59,

    /// <summary><c>dotnet test</c>, <c>pack</c> or <c>publish</c> ran on env.proj as the project of a folder that also holds an app or test project: MSBuild chose env.proj, which has nothing to test, pack or publish, so without this error nothing would have been done and the command would have succeeded.</summary>
    ENV0060 = 60,

    /// <summary>A <c>HomeFragment</c>'s metadata is wrong: no <c>Text</c>, a <c>Text</c> over 1 MiB, metadata other than <c>Text</c>, <c>Order</c>, <c>Executable</c>, <c>OnChange</c>, <c>Module</c>, an <c>Order</c> that is not a whole number from 0 to 100000, an <c>Executable</c> other than <c>true</c> or <c>false</c>, or an <c>OnChange</c> that is blank, holds a NUL or is over 64 KiB.</summary>
    ENV0061 = 61,

    /// <summary>The <c>HomeFragment</c>s of one place cannot be joined: they give different <c>Executable</c> values, or the joined file would be over 4 MiB.</summary>
    ENV0062 = 62,

    /// <summary>Two owners (two home modules, or a module and your configuration) give one <c>ShellAlias</c>, or one <c>EnvVar</c> they set or unset, different values.</summary>
    ENV0063 = 63,

    /// <summary>A home module's declaration of itself is wrong: a <c>HomeModule</c> without a <c>Prefix</c> or whose id is not a package id, declared twice, a <c>HomeModuleOption</c> whose <c>Module</c> is no module in use, whose name does not start with the module's <c>Prefix</c>, whose <c>Kind</c> is not <c>Property</c> or <c>Item</c>, a name declared twice, or unknown or overlong metadata.</summary>
    ENV0064 = 64,

    /// <summary>Warning: a property or item type written in env.proj or its configuration is no option of a home module in use but is near one (it starts with the module's <c>Prefix</c> or is within two edits of an option), or an option is written as the wrong kind: the module ignores it.</summary>
    ENV0065 = 65,

    /// <summary>Warning: an item option of a home module is given metadata the option does not take: the module ignores it.</summary>
    ENV0066 = 66,

    /// <summary>A value given to Env.Home.Git (an option such as <c>GitUserName</c>, a <c>GitAlias</c> <c>Command</c>, a <c>GitSetting</c> <c>Value</c>, a <c>GitInclude</c> path or condition, a <c>GitIgnore</c> pattern) holds a line break or another control character, which a line of <c>~/.config/git/config</c> or <c>~/.config/git/ignore</c> cannot hold.</summary>
    ENV0070 = 70,

    /// <summary>An Env.Home.Git item git cannot take: a <c>GitAlias</c> without <c>Command</c> or whose name is not letters, digits and <c>-</c> (starting with a letter), a <c>GitSetting</c> without <c>Value</c> or whose <c>Include</c> is not <c>section.key</c> or <c>section.subsection.key</c>, or a <c>GitInclude</c> whose <c>IncludeIf</c> is not <c>gitdir:</c>, <c>gitdir/i:</c>, <c>onbranch:</c> or <c>hasconfig:remote.*.url:</c>.</summary>
    ENV0071 = 71,

    /// <summary>An option of a shell module (Env.Home.Bash, Env.Home.Zsh, Env.Home.Fish) has a value the shell would not take: a history size that is not a whole number, a <c>ZshOption</c> that is not an option name, a <c>FishHistory</c> that is not letters, digits and <c>_</c>, a <c>ZshHistoryFile</c> or <c>FishGreeting</c> holding a line break or control character, or a <c>*Session</c>/<c>BashProfile</c> other than <c>true</c> or <c>false</c>.</summary>
    ENV0072 = 72,

    /// <summary>A value given to Env.Home.Ssh (a <c>SshHost</c> pattern or metadata, a <c>SshSetting</c> <c>Value</c>, a <c>SshInclude</c> path) holds <c>"</c>, <c>'</c>, a line break or another control character, which <c>~/.ssh/config</c> cannot hold as written (ssh_config has no escape every keyword honours).</summary>
    ENV0073 = 73,

    /// <summary>An Env.Home.Ssh <c>SshSetting</c> is not a setting: its <c>Include</c> is not an ssh_config keyword (letters and digits) or it has no <c>Value</c>.</summary>
    ENV0074 = 74,

    // ENV01xx — downloads

    /// <summary>An archive tool has no <c>Hash</c>.</summary>
    ENV0101 = 101,

    /// <summary>The file at the URL is not the one pinned: its hash differs from <c>Hash</c>.</summary>
    ENV0102 = 102,

    /// <summary>The URL scheme is not http, https or file.</summary>
    ENV0103 = 103,

    /// <summary>The source could not be read: host unreachable, file missing, connection broken off or short, or nothing received for <c>ENVSDK_STALL_TIMEOUT</c> seconds.</summary>
    ENV0104 = 104,

    /// <summary>The server answered with an HTTP error other than 401 and 403 (ENV0140): 404 and the like, or 5xx, 408 and 429 after three tries.</summary>
    ENV0105 = 105,

    /// <summary>A download (an archive, or a NuGet package) is larger than allowed: more than the size <c>env.lock.json</c> records for it, or (with no size in the lock) more than <c>EnvMaxDownloadSize</c> (default 4 GiB).</summary>
    ENV0106 = 106,

    /// <summary>A download (an archive, or a NuGet package) did not finish within <c>EnvDownloadTimeout</c> (default 1800 s, or <c>ENVSDK_DOWNLOAD_TIMEOUT</c>), retries included: a server trickling bytes never trips the stall timeout, so this deadline stops it.</summary>
    ENV0107 = 107,

    /// <summary>A redirect leads to a URL that is not http or https (<c>file://</c>, <c>ftp://</c>…), or from https down to http.</summary>
    ENV0108 = 108,

    /// <summary>More than 10 redirects, or a redirect without a <c>Location</c>.</summary>
    ENV0109 = 109,

    /// <summary>A <c>file://</c> or relative <c>Url</c> names a fifo (named pipe) or a socket, not a file: reading it would wait for a writer for ever, which no timeout can stop.</summary>
    ENV0110 = 110,

    /// <summary>A server answered with a redirect whose <c>Location</c> is not a URL (shown, redacted, cut to 200 characters).</summary>
    ENV0111 = 111,

    /// <summary>No space left (or the quota reached) on the disk of the download cache while a download (an archive, or a NuGet package from any feed) was written there.</summary>
    ENV0112 = 112,

    /// <summary>Offline (<c>EnvOffline=true</c>, <c>--offline</c> or <c>ENVSDK_OFFLINE=1</c>), and tools are neither in the store nor in the download cache (nor a local file or a <c>file://</c> hashed mirror).</summary>
    ENV0120 = 120,

    /// <summary>An <c>EnvMirror</c> item, the <c>EnvMirrors</c> property or <c>ENVSDK_MIRRORS</c> names something that is not an absolute http, https or file URL (shown with any credentials masked).</summary>
    ENV0121 = 121,

    /// <summary><c>EnvOffline</c> or <c>ENVSDK_OFFLINE</c> is neither true/1 nor false/0.</summary>
    ENV0122 = 122,

    /// <summary>An update (<c>-t:EnvUpdate</c>) offline: an update asks the feeds.</summary>
    ENV0124 = 124,

    /// <summary>(warning) A hashed mirror or a substitute feed served a file whose hash is not the pinned one.</summary>
    ENV0125 = 125,

    /// <summary>The server answered 401 (Unauthorized) or 403 (Forbidden): the file may be there, but the server wants credentials, or refuses the ones sent (a hashed mirror's URL may carry some).</summary>
    ENV0140 = 140,

    // ENV02xx — unpacking (every refusal names env.proj as the file, the archive by its Url as env.proj writes it, and the entry, and leaves nothing behind)

    /// <summary>The unpack destination already exists or its parent is missing (an internal invariant).</summary>
    ENV0200 = 200,

    /// <summary>An entry name is unsafe: absolute, <c>..</c>, drive letter, UNC, backslash, empty, or reserved (<c>.envsdk-*</c>).</summary>
    ENV0201 = 201,

    /// <summary>A symlink or hard link leaves the archive's root, loops, has a target of 4096 characters or more, or an entry is written through a symlink.</summary>
    ENV0202 = 202,

    /// <summary>A device, FIFO, socket, sparse or unknown entry.</summary>
    ENV0203 = 203,

    /// <summary>A duplicate entry, or names that collide by case or Unicode normalisation.</summary>
    ENV0204 = 204,

    /// <summary>The unpacked size exceeds <c>EnvMaxUnpackedSize</c> (default 8 GiB).</summary>
    ENV0205 = 205,

    /// <summary>The archive is corrupt or truncated, or its headers lie about sizes or CRCs.</summary>
    ENV0206 = 206,

    /// <summary>The archive type or an entry's compression/encryption is not supported.</summary>
    ENV0207 = 207,

    /// <summary>More entries than the limit (1,000,000).</summary>
    ENV0208 = 208,

    /// <summary>The archive could not be read or files could not be written (disk full, permissions).</summary>
    ENV0209 = 209,

    /// <summary>Resolving the archive's symlinks takes too much work: one link needs more than 40 link follows (the kernel's limit; it would refuse the link with ELOOP), or all links together need more than 4,000,000 resolution steps (a step per path component walked plus the depth of each path looked up).</summary>
    ENV0210 = 210,

    /// <summary>An entry name (or a hard link's target) is longer than a path may be: over 4,095 UTF-8 bytes (PATH_MAX), or one component over 255 bytes (NAME_MAX).</summary>
    ENV0211 = 211,

    /// <summary>A tar metadata header is larger than its bound: a GNU long name or long link over 4,096 bytes, a pax extended or global header over 64 KiB.</summary>
    ENV0212 = 212,

    /// <summary>The entry names and link targets the archive makes the unpacker record add up to more than 32 Mi characters (implicit parent folders included).</summary>
    ENV0213 = 213,

    /// <summary>A zip's central directory (the list of its entries) is larger than 64 MiB.</summary>
    ENV0214 = 214,

    // ENV03xx — the store

    /// <summary>A tree to hash holds a device, FIFO or socket (NAR cannot represent it).</summary>
    ENV0301 = 301,

    /// <summary>A file changed size while it was being hashed.</summary>
    ENV0302 = 302,

    /// <summary>Unpacked content does not have the NAR hash the lock records (or a rebuilt entry got a different store path).</summary>
    ENV0303 = 303,

    /// <summary>Timed out waiting for another process's store lock.</summary>
    ENV0304 = 304,

    /// <summary><c>dotnet env run</c> (or another holder) asked to hold a store entry that is not in the store once the gc lock was taken: a garbage collection removed it, or it was never added.</summary>
    ENV0310 = 310,

    /// <summary>Timed out waiting for the store's gc lock (<c>.locks/.gc.lock</c>): a garbage collection, or builds and runs, held it for 10 minutes.</summary>
    ENV0311 = 311,

    /// <summary><c>dotnet env verify</c> found store entries whose content no longer has the NAR hash their name commits to (tampering, bit rot, a hand edit).</summary>
    ENV0312 = 312,

    /// <summary><c>verify --repair</c>: a changed entry no lock names (a profile, a home generation: built, not fetched).</summary>
    ENV0313 = 313,

    /// <summary><c>verify --repair</c> could not rebuild a changed entry from its lock (source unreachable and not in the download cache, a source hash or NAR hash mismatch).</summary>
    ENV0314 = 314,

    /// <summary><c>dotnet env store optimise</c> needs hard links and statx(2) (Linux); this platform has not.</summary>
    ENV0315 = 315,

    /// <summary>A warning of <c>dotnet env gc</c>: an unreachable entry could not be removed (permissions: a shared store's entry of another user).</summary>
    ENV0317 = 317,

    /// <summary><c>run-lock.json</c> (<c>$XDG_STATE_HOME/envsdk/</c>) is not valid JSON, or not a regular file of bounded size (a fifo, a link, over 16 MiB), so <c>verify --repair</c> cannot read which entries it pins.</summary>
    ENV0318 = 318,

    /// <summary>Something other than a real folder is at a store entry's name: a symbolic link (to a folder anywhere, intact or not) or a file.</summary>
    ENV0319 = 319,

    /// <summary>No space left (or the quota reached) on the disk of the store while a tool was unpacked into its staging (<c>.tmp</c>).</summary>
    ENV0321 = 321,

    /// <summary>A bookkeeping folder of the store (<c>.tmp</c>, <c>.locks</c>, <c>.refs</c>, <c>.links</c>, <c>.roots</c>, <c>.roots/.proc</c>) is a symbolic link or a file, or <c>.locks/.gc.lock</c> is not a regular file.</summary>
    ENV0320 = 320,

    // ENV04xx — NuGet

    /// <summary>A nuget.config cannot be read or is malformed.</summary>
    ENV0401 = 401,

    /// <summary>No package source is enabled in the NuGet configuration (the files read are listed).</summary>
    ENV0402 = 402,

    /// <summary>No source holds the package (the sources asked are listed).</summary>
    ENV0403 = 403,

    /// <summary>No version matches (the available versions are listed).</summary>
    ENV0404 = 404,

    /// <summary>An invalid package id or version request.</summary>
    ENV0405 = 405,

    /// <summary>A source failed (network, authentication, missing folder, not a v3 feed).</summary>
    ENV0406 = 406,

    /// <summary>The download failed, or the feed served another id/version, or the .nupkg is damaged.</summary>
    ENV0407 = 407,

    /// <summary>A feed serves a package whose content hash differs from the lock's for the same version.</summary>
    ENV0408 = 408,

    /// <summary>(warning) A warning from NuGet itself.</summary>
    ENV0409 = 409,

    /// <summary>A .NET tool package has nothing for this runtime or RID (its folders are listed).</summary>
    ENV0410 = 410,

    /// <summary>A package's DotnetToolSettings.xml is invalid (not XML, a DTD, which is refused, a missing or unsafe command).</summary>
    ENV0411 = 411,

    /// <summary>A package's .nuspec or DotnetToolSettings.xml is larger than 1 MiB (counted as it inflates, whatever the zip header claims).</summary>
    ENV0412 = 412,

    /// <summary>A package's .nuspec is not valid XML, or has a DTD (refused).</summary>
    ENV0413 = 413,

    /// <summary>An <c>EnvSubstitute</c> (or <c>ENVSDK_SUBSTITUTES</c>, <c>EnvSubstitutes</c>, <c>dotnet env push --source</c>) is neither a source named in nuget.config, an http(s) feed URL nor a folder path; or its URL holds a user name or password.</summary>
    ENV0420 = 420,

    /// <summary>(warning) A substitute feed serves the archive package for a hash without the file at <c>archive/sha256-&lt;hex&gt;</c> (or with one larger than allowed).</summary>
    ENV0421 = 421,

    /// <summary><c>dotnet env push</c>: the source refused the packages or could not be reached (the reason is in the message, without credentials).</summary>
    ENV0422 = 422,

    /// <summary>A tool set file is missing, unreadable, or bigger than 4 MiB.</summary>
    ENV0440 = 440,

    /// <summary>A tool set file is not well-formed XML, or has a DTD (refused, as every DTD is).</summary>
    ENV0441 = 441,

    /// <summary>A tool set file holds something it cannot be read literally with: a property, a condition, an import, a target, an item operation (<c>Update</c>, <c>Remove</c>, <c>Exclude</c>), a <c>$(…)</c>/<c>@(…)</c>/<c>%(…)</c> reference, metadata as child elements, an item other than <c>ToolDefinition</c>.</summary>
    ENV0442 = 442,

    /// <summary>A package used as a tool set has no <c>Sdk/Sdk.props</c>.</summary>
    ENV0443 = 443,

    /// <summary>The <c>ToolDefinition</c> items MSBuild evaluated differ from what the set file says: env.proj (or another import) changed them with <c>Update</c>/<c>Remove</c>, or the set needs MSBuild to be read.</summary>
    ENV0444 = 444,

    /// <summary>A tool set's <c>ToolDefinition</c> has a relative <c>Url</c>.</summary>
    ENV0445 = 445,

    /// <summary><c>dotnet env run SET@VERSION#tool</c>: the set defines no such tool (the message lists what it defines).</summary>
    ENV0446 = 446,

    /// <summary>A package source answered 401 Unauthorized to the credentials it was given: <c>packageSourceCredentials</c> in a nuget.config, or the environment variable <c>NuGetPackageSourceCredentials_&lt;source&gt;</c> (which wins).</summary>
    ENV0450 = 450,

    /// <summary>A package source answered 401 Unauthorized and had no credentials: none in nuget.config or the environment, and no credential provider plugin gave any it accepts.</summary>
    ENV0451 = 451,

    /// <summary>A package source answered 403 Forbidden: the credentials were accepted but may not read the feed.</summary>
    ENV0452 = 452,

    /// <summary>Package source mapping (<c>&lt;packageSourceMapping&gt;</c> in nuget.config) sends the package id to no source, or only to sources that are not enabled.</summary>
    ENV0460 = 460,

    // ENV05xx — the lock

    /// <summary>env.lock.json is not valid JSON, or not a lock's shape: a value of the wrong type (a number where a string belongs), a key given twice, nested deeper than a lock is.</summary>
    ENV0501 = 501,

    /// <summary>env.lock.json has a format this Env.Sdk does not read.</summary>
    ENV0502 = 502,

    /// <summary>Locked mode (<c>EnvLockedMode=true</c>, on by default when <c>CI=true</c>): env.proj and the lock disagree, or the lock lacks this platform's package of a RID-specific .NET tool (a lock written by a plain build on another platform).</summary>
    ENV0503 = 503,

    /// <summary>Build without a restore: the lock has no entry for a tool as env.proj declares it.</summary>
    ENV0504 = 504,

    /// <summary>A tool's store entry is missing.</summary>
    ENV0505 = 505,

    /// <summary>A lock entry's <c>narHash</c> is not a sha256 SRI hash (<c>sha256-&lt;base64&gt;</c>, as Env.Sdk writes it).</summary>
    ENV0506 = 506,

    /// <summary>A lock entry's <c>storePath</c> is not a bare store entry name (<c>&lt;32-character nix32 hash&gt;-&lt;name&gt;</c>): an absolute path, <c>../x</c>, a folder.</summary>
    ENV0507 = 507,

    /// <summary>A lock entry's <c>storePath</c> is not the entry its <c>narHash</c>, tool name and version give (<c>&lt;tool&gt;-&lt;version&gt;</c>, or <c>&lt;tool&gt;-&lt;rid&gt;-&lt;version&gt;</c> for a runtime package): it points at another entry of the store, or the hash was changed.</summary>
    ENV0508 = 508,

    /// <summary>A lock entry lacks a field (kind, requested, version, sourceHash, narHash, storePath, bin), is empty, or is an archive entry whose <c>version</c> differs from <c>requested</c>.</summary>
    ENV0509 = 509,

    /// <summary>Warning from <c>-t:EnvLock</c>: the lock does not cover a platform in <c>EnvLockRuntimeIdentifiers</c>, because a RID-specific tool offers no package for it or its package could not be fetched, or a tool has no item for it and is not <c>Optional</c> (the message lists each, per platform).</summary>
    ENV0510 = 510,

    /// <summary>env.lock.json (or what it links to) is not a regular file of bounded size: a fifo, a device such as <c>/dev/zero</c>, a folder, or over 64 MiB.</summary>
    ENV0520 = 520,

    // ENV06xx — the dev shell

    /// <summary>Clean could not remove a generated file from the shell folder.</summary>
    ENV0601 = 601,

    /// <summary>The profile writer refused a command that would not be a file directly in the profile's <c>bin/</c> (a defence behind ENV0017; nothing was written).</summary>
    ENV0602 = 602,

    /// <summary>The shell folder (<c>EnvShellDir</c>, <c>.envsdk/</c>) is a symbolic link or a file.</summary>
    ENV0605 = 605,

    /// <summary>A file in the shell folder at a name Env.Sdk writes (<c>activate</c>, <c>activate.fish</c>, <c>activate.ps1</c>, <c>activate.cmd</c>, <c>deactivate.cmd</c>, <c>.env</c>, <c>env.json</c>, <c>vscode.json</c>, <c>profile</c>, a stamp) was not generated by Env.Sdk (no marker), or is a folder.</summary>
    ENV0606 = 606,

    /// <summary>A symbolic link sits at a name Env.Sdk writes in the shell folder (only <c>profile</c> may be a link, to a store entry).</summary>
    ENV0607 = 607,

    /// <summary>The shell folder could not be created or a stamp written there.</summary>
    ENV0608 = 608,

    /// <summary>A stamp property names a file outside the shell folder (Env.Sdk's <c>_Env*</c> properties were overridden).</summary>
    ENV0609 = 609,

    /// <summary>A <c>ShellHook</c> item's <c>Include</c> is not a shell family: <c>sh</c> (bash, zsh, dash), <c>fish</c>, <c>pwsh</c> or <c>cmd</c>.</summary>
    ENV0610 = 610,

    /// <summary>A <c>ShellHook</c> item has metadata other than <c>Text</c>, or no (or blank) <c>Text</c>.</summary>
    ENV0611 = 611,

    /// <summary>A <c>ShellHook</c> <c>Text</c> holds a NUL, or is over 131072 bytes.</summary>
    ENV0612 = 612,

    /// <summary>Two <c>ShellHook</c> items for one shell family.</summary>
    ENV0613 = 613,

    /// <summary><c>.envsdk/env.json</c> cannot be read (not JSON, not format 2, a field missing or of the wrong type, or a variable env.proj could not have declared).</summary>
    ENV0614 = 614,

    /// <summary>A folder on the way to an env's allow record in the state folder (<c>EnvStateDir/dev/…</c>) is a symbolic link, or a file where a folder must be.</summary>
    ENV0620 = 620,

    /// <summary>A file of an env's allow record (<c>activate</c>, <c>activate.fish</c>, <c>activate.ps1</c>, <c>envrc</c>, <c>env.json</c>, <c>id</c>) is a symbolic link or a folder.</summary>
    ENV0621 = 621,

    /// <summary>The project folder cannot be mirrored in the state folder: not an absolute path, or it would lie outside <c>EnvStateDir/dev/</c>.</summary>
    ENV0622 = 622,

    /// <summary>The prompt hook was asked for a shell it is not written for (it is for bash, zsh, fish and pwsh).</summary>
    ENV0623 = 623,

    /// <summary>An allow record could not be written or removed (permissions, disk full).</summary>
    ENV0624 = 624,

    // ENV07xx — the `dotnet env` command

    /// <summary>The PATH given to <c>dotnet env</c> does not exist.</summary>
    ENV0701 = 701,

    /// <summary>No <c>env.proj</c> (nor <c>env/env.proj</c>) in the folder <c>dotnet env</c> was run from (or given) or in any folder above it.</summary>
    ENV0702 = 702,

    /// <summary><c>--no-build</c> was given but the env is not built, or is stale: env.proj, an import or the lock changed since the last build (the message says which), or its store entries are gone.</summary>
    ENV0704 = 704,

    /// <summary>The build succeeded but wrote no env.json into the allow record where <c>dotnet env</c> reads it (<c>$XDG_STATE_HOME/envsdk/dev/&lt;project folder&gt;/.envsdk/env.json</c>): env.proj moves <c>EnvStateDir</c>.</summary>
    ENV0705 = 705,

    /// <summary><c>dotnet env shell -- CMD</c>: CMD is not on the env's PATH (exit code 127, as a shell's).</summary>
    ENV0706 = 706,

    /// <summary><c>dotnet env shell -- CMD</c>: CMD was found but could not be started (exit code 126).</summary>
    ENV0707 = 707,

    /// <summary>The folder for <c>dotnet env shell</c>'s startup files (<c>$XDG_STATE_HOME/envsdk/shell/</c>) is a symbolic link.</summary>
    ENV0708 = 708,

    /// <summary>Options of <c>dotnet env switch</c> or <c>generations</c> that do not go together: <c>--generation N</c> with a PATH, <c>--config</c> or <c>--from</c>; <c>--from</c> with a PATH; <c>--rev</c> without <c>--from</c>; more than one of <c>generations --expire</c>, <c>--remove</c>, <c>--diff</c>.</summary>
    ENV0709 = 709,

    /// <summary><c>dotnet env add</c>/<c>remove</c>/<c>outdated</c>/<c>update</c>: env.proj cannot be read, is not UTF-8 or UTF-16 (or declares another encoding), or is not well-formed XML (a DTD included); or the editor could not locate an element in the text.</summary>
    ENV0720 = 720,

    /// <summary><c>add</c>/<c>remove</c>/<c>update</c>: the tool is declared where the editor cannot change it without changing what else the build reads: in a file env.proj imports, under a <c>Condition</c> (on the item or its ItemGroup), in a <c>Target</c> or <c>Choose</c>, through a property, item or escape in <c>Include</c> (<c>$(X)</c>, which may be any name), with several names or a wildcard in <c>Include</c>, with <c>Update</c>/<c>Remove</c>, or with metadata as child elements.</summary>
    ENV0721 = 721,

    /// <summary><c>add</c>: env.proj already declares the tool as another kind (an archive with <c>Url</c> where a package is added, or the other way round), or for another package id.</summary>
    ENV0722 = 722,

    /// <summary><c>remove</c>/<c>update</c>: env.proj declares no tool of that name (the message lists those it declares).</summary>
    ENV0723 = 723,

    /// <summary><c>add</c>/<c>remove</c>/<c>update</c>: env.proj changed on disk between being read and being written (another editor saved it), or it could not be written.</summary>
    ENV0724 = 724,

    /// <summary><c>add PACKAGE</c>: the package is not a .NET tool (no DotnetToolSettings.xml), so it names no command; the message lists the files in it that look like programs.</summary>
    ENV0725 = 725,

    /// <summary><c>add</c>: a <c>--bin</c> path is not a file in the package or archive; or an archive has several programs and no <c>bin/</c> folder (or none at all), so which commands to expose is the user's choice.</summary>
    ENV0726 = 726,

    /// <summary><c>add --url</c>: the tool's name or version cannot be read from the URL's file name or folders.</summary>
    ENV0727 = 727,

    /// <summary><c>add</c>: a value is empty, has a control character or white space around it; <c>--bin</c> for a tool with several items (one per platform) without <c>--rid</c>; or <c>--bin</c> with a URL that is a program, not an archive.</summary>
    ENV0728 = 728,

    /// <summary><c>add --url</c>: the file downloaded is neither an archive Env.Sdk unpacks nor a program (ELF, Mach-O, Windows executable, <c>#!</c> script): often an HTML page.</summary>
    ENV0729 = 729,

    /// <summary><c>add</c> without a package and without <c>--url</c>.</summary>
    ENV0730 = 730,

    /// <summary><c>add --url</c>: a URL template or a names list cannot be expanded: an unknown placeholder or an unmatched brace, <c>{version}</c> without a version given, a placeholder for a platform that has no value for it (<c>--rid any</c>, a RID without an architecture), or an <c>--os-names</c>/<c>--arch-names</c>/<c>--ext-names</c> entry that is not <c>KEY=VALUE</c> with a piece of a URL as value.</summary>
    ENV0735 = 735,

    /// <summary><c>add</c>: platform options that do not go together: several <c>--url</c> and not as many <c>--rid</c> to pair them with, a <c>--rid</c> given twice or not a RID, or several <c>--rid</c> (or <c>--os-names</c>, <c>--arch-names</c>, <c>--ext-names</c>) for a package.</summary>
    ENV0736 = 736,

    /// <summary><c>add --url</c> with placeholders and no <c>--rid</c>: the platforms come from <c>EnvLockRuntimeIdentifiers</c>, and evaluating env.proj to read it failed, or it lists none.</summary>
    ENV0737 = 737,

    /// <summary><c>dotnet env mirror export</c> / <c>push</c>: the env has no <c>env.lock.json</c>, so nothing says which files it uses.</summary>
    ENV0740 = 740,

    /// <summary><c>dotnet env mirror export DIR</c>: DIR (or <c>DIR/sha256</c>) is a file, or a file cannot be written there.</summary>
    ENV0741 = 741,

    /// <summary><c>dotnet env switch --from URL --offline</c>: <c>--from</c> fetches a git repository.</summary>
    ENV0742 = 742,

    /// <summary><c>run</c>/<c>shell</c>: the reference is not <c>PACKAGE[@VERSION][#COMMAND]</c> (the id is not a NuGet id, the version is empty or has a character no version has, the command is not a plain file name).</summary>
    ENV0750 = 750,

    /// <summary>The run lock (<c>$XDG_STATE_HOME/envsdk/run-lock.json</c>) cannot be used: unreadable, not a regular file (a fifo, a symbolic link, a device), over 16 MiB, not its JSON (a key twice included), or an entry whose store paths its hashes do not give, whose command leaves its entry, or that is not what its key asks for (another package, version, tool set tool or archive hash).</summary>
    ENV0751 = 751,

    /// <summary>The run lock has a format this version of dotnet env does not read.</summary>
    ENV0752 = 752,

    /// <summary><c>run PACKAGE</c> of a package that is not a .NET tool without <c>#COMMAND</c>, or <c>#COMMAND</c> that names no program in it, or names several none of which is plainly for this platform.</summary>
    ENV0753 = 753,

    /// <summary><c>run --bin</c> is not a plain relative path inside the tool, or was given for a URL that is a program, not an archive.</summary>
    ENV0754 = 754,

    /// <summary><c>run</c>: the tool has no command of the name after <c>#</c>, or several commands and none named like the tool.</summary>
    ENV0755 = 755,

    /// <summary><c>run</c> without anything to run, with both a package and <c>--url</c>, or with <c>--hash</c> but no <c>--url</c>.</summary>
    ENV0756 = 756,

    /// <summary><c>run --url</c> without <c>--hash</c>, or a <c>--hash</c> that is not a hash.</summary>
    ENV0757 = 757,

    /// <summary><c>run NAME</c> inside an env: NAME is not one of the env's commands after a build.</summary>
    ENV0758 = 758,

    /// <summary><c>run NAME</c> inside an env that no build on this machine allowed (no allow record): NAME may be one of its commands, but building a repository's env.proj runs its code, so <c>run</c> does not do it unasked, and nothing of the checkout's <c>.envsdk/</c> is run.</summary>
    ENV0762 = 762,

    /// <summary><c>dotnet env run</c> was stopped by Ctrl+C while it fetched or unpacked the tool (exit code 130).</summary>
    ENV0770 = 770,

    /// <summary>The native <c>dotnet-env</c> launcher could not start the full tool installed beside it (<c>dotnet-env-full</c>).</summary>
    ENV0759 = 759,

    /// <summary><c>shell</c> was given both an env (an existing file or folder) and tools, or several envs.</summary>
    ENV0760 = 760,

    /// <summary><c>run</c>/<c>shell TOOL…</c>: another <c>dotnet env</c> process held the run lock's lock for 30 s while this one wanted to record what it resolved.</summary>
    ENV0761 = 761,

    /// <summary><c>dotnet env options</c> could not evaluate the env (<c>dotnet msbuild</c> failed, or printed what is not its JSON).</summary>
    ENV0765 = 765,

    /// <summary><c>dotnet env help CODE</c>: CODE is not one of the codes listed here (nor a retired one).</summary>
    ENV0780 = 780,

    /// <summary><c>dotnet env init</c>: a file it imports or adds to (the tool manifest, global.json, nuget.config, .gitignore, <c>Directory.Solution.targets</c>, or what is at <c>env/env.proj</c>) cannot be used: a symbolic link, a fifo or a folder, larger than its bound, not valid JSON or XML, or an edit that would not read back as it should.</summary>
    ENV0790 = 790,

    /// <summary><c>dotnet env init</c>: an entry of the tool manifest cannot become a <c>Tool</c> item: its name is not a NuGet package id, or it has no version, or the version is not a NuGet version.</summary>
    ENV0791 = 791,

    /// <summary><c>dotnet env init</c>: the Env.Sdk version the env needs is not on the repository's package sources (or package source mapping keeps it from them), or not in the folder given as <c>--source</c>.</summary>
    ENV0792 = 792,

    /// <summary><c>dotnet env init</c>: the first build of the new env failed, so every file init wrote was put back as it was.</summary>
    ENV0793 = 793,

    /// <summary><c>dotnet env devcontainer</c>: <c>.devcontainer/devcontainer.json</c> is there and is not one this command wrote (its first line is not the mark), or <c>.devcontainer</c> is a link, or the file cannot be read as a regular file.</summary>
    ENV0796 = 796,

    /// <summary><c>dotnet env devcontainer</c> was given neither <c>--image</c> (the env's image, from <c>dotnet env image</c>) nor <c>--base-image</c> (an image with the .NET SDK, on which the container builds the env).</summary>
    ENV0797 = 797,

    // ENV08xx — projects that use an env, solutions and IDEs

    /// <summary>A project uses Env.Sdk beside Microsoft.NET.Sdk (<c>&lt;Sdk Name="Env.Sdk" /&gt;</c>), or a solution's <c>Directory.Solution.targets</c> imports Env.Sdk's <c>Solution.targets</c>, but no <c>env.proj</c> was found in its folder or above, nor <c>env/env.proj</c> in a folder above.</summary>
    ENV0801 = 801,

    /// <summary><c>EnvProject</c> names a file that does not exist.</summary>
    ENV0802 = 802,

    /// <summary>The env a project uses is not built: its <c>.envsdk/env.json</c> is missing or from another Env.Sdk version (a test run without a build, <c>dotnet test --no-build</c>, after the env was cleaned).</summary>
    ENV0803 = 803,

    /// <summary>The env's shell folder could not be read while applying the env to a project's build.</summary>
    ENV0804 = 804,

    /// <summary>EnvVsCode cannot safely change VS Code's settings file (named in the message): it is not UTF-8, not JSON with comments, not an object, over 4 MiB, names a key twice (the setting, or a variable inside it), or holds the <c>terminal.integrated.env.&lt;os&gt;</c> setting as something other than an object.</summary>
    ENV0830 = 830,

    /// <summary><c>.vscode</c> or <c>.vscode/settings.json</c> is a symbolic link, or is a file where a folder is expected (or the reverse).</summary>
    ENV0831 = 831,

    /// <summary><c>EnvVsCodeSettingsFile</c> (or the file <c>.envsdk/vscode.json</c> names) is not <c>.vscode/settings.json</c> in env.proj's folder or a folder above it.</summary>
    ENV0832 = 832,

    /// <summary><c>.envsdk/vscode.json</c>, the record of what EnvVsCode added, cannot be read, so Env.Sdk cannot tell what to take out.</summary>
    ENV0833 = 833,

    /// <summary>VS Code's settings file (or the record) could not be written (permissions, disk full).</summary>
    ENV0834 = 834,

    /// <summary>Warning: a variable in VS Code's settings is left as it is — one the user set themselves (the env's value is not written over it), or one EnvVsCode added and the user changed since (it is not taken out).</summary>
    ENV0835 = 835,

    /// <summary>Warning: an <c>EnvVar</c> is not written into VS Code's settings because its value holds <c>${</c>, which VS Code resolves as a variable and has no escape for, so VS Code's integrated terminal goes without it.</summary>
    ENV0836 = 836,

    // ENV09xx — other

    /// <summary>The build was cancelled (Ctrl+C).</summary>
    ENV0900 = 900,

    // Home environments (ENV0910–ENV0949, ENV0970–ENV0979)

    /// <summary>A home generation's <c>manifest.json</c> is missing or malformed (a file placed outside the home, listed twice, a bad hash, an unknown format): the store entry was not written by this Env.Sdk's build, or was changed.</summary>
    ENV0910 = 910,

    /// <summary>Another <c>dotnet env switch</c> or rollback of this home holds its lock (<c>$XDG_STATE_HOME/envsdk/home/.lock</c>) for over 5 minutes.</summary>
    ENV0911 = 911,

    /// <summary>The switch stopped before changing anything: the listed places in the home hold files that are not Env.Sdk's (a file or folder of yours, a link elsewhere, a <c>Mode="Copy"</c> file you edited, a folder that is a link leading out of the home), or, with <c>-b EXT</c>, their backup <c>PATH.EXT</c> exists too.</summary>
    ENV0912 = 912,

    /// <summary>The <c>-b</c> extension is empty, too long, or holds <c>/</c>, <c>\</c> or a control character.</summary>
    ENV0913 = 913,

    /// <summary>Warning: a file an older generation put in the home, which the new one no longer has, was changed since (or its folder now leads out of the home), so it is left where it is.</summary>
    ENV0914 = 914,

    /// <summary>The switch failed midway (permission denied, disk full…); the home was put back exactly as the previous generation had it.</summary>
    ENV0915 = 915,

    /// <summary>A <c>HomeActivation</c> command, or a <c>HomeFile</c>'s <c>OnChange</c> command, could not start or exited non-zero; its output is shown above.</summary>
    ENV0916 = 916,

    /// <summary>No such generation: <c>--generation N</c>, <c>generations --remove N</c> or <c>generations --diff A B</c> names one that is not kept, or there is none to roll back to.</summary>
    ENV0917 = 917,

    /// <summary>The state of the home's generations cannot be trusted: the journal of an interrupted switch is malformed, or <c>current</c> links somewhere Env.Sdk did not put it.</summary>
    ENV0918 = 918,

    /// <summary>The store entry of the generation to switch to (or to put the home back to) is gone: a cleaned or moved store.</summary>
    ENV0919 = 919,

    /// <summary><c>dotnet env generations --expire AGE</c>: AGE is not a number of days or hours.</summary>
    ENV0920 = 920,

    /// <summary><c>dotnet env switch --from GIT_URL --rev COMMIT</c>: the URL or revision is not one git takes, the fetch or checkout failed (the message has git's words, with any password in the URL hidden), or an abbreviated hash starts no commit of the repository's branches and tags, or several.</summary>
    ENV0921 = 921,

    /// <summary>What was given to switch to is not a home generation in this store (env.proj is not <c>EnvKind</c> <c>Home</c>, or its store differs, or a kept generation's link in the state folder leads elsewhere).</summary>
    ENV0922 = 922,

    /// <summary>The home folder (<c>HOME</c>) does not exist or is not a folder.</summary>
    ENV0923 = 923,

    /// <summary>A switch was interrupted (killed, or its process died), and finishing it (forward after its commit, back before) failed: the message has the cause (permission denied in the home, a file in the way…).</summary>
    ENV0924 = 924,

    /// <summary>The home switch could not read or write a file of the home or of the state folder (<c>$XDG_STATE_HOME/envsdk/home/</c>), outside the steps a switch puts back by itself.</summary>
    ENV0925 = 925,

    /// <summary><c>dotnet env rollback</c>: the <c>current</c> link of the state folder is missing (removed by hand), though generations are kept, so there is no generation to roll back from.</summary>
    ENV0926 = 926,

    /// <summary>The generation was built for another state folder (<c>EnvStateDir</c> in env.proj, or another <c>XDG_STATE_HOME</c> at build time) than the one <c>dotnet env</c> switches in: its session would put a PATH entry on PATH that no switch makes.</summary>
    ENV0927 = 927,

    /// <summary>A <c>HomeFile</c> of the generation would be in or in place of the store or the state folder this switch uses (they are in the home, and the build was made with other folders or another <c>HOME</c>).</summary>
    ENV0928 = 928,

    /// <summary>A folder on the way to a place in the home was replaced during the switch (by a link leading out of the home, or a file): the switch judged the folders again right before the change and wrote nothing through it; the home was put back.</summary>
    ENV0929 = 929,

    /// <summary>Waiting for a <c>HomeActivation</c> command's process failed (the system refused <c>waitpid</c>).</summary>
    ENV0930 = 930,

    /// <summary>A <c>HomeFile</c> source (a file, or a folder a folder <c>Source</c> walks) is private: other users cannot read it (a <c>0600</c> secret, a <c>0700</c> folder, a checkout made with <c>umask 077</c>).</summary>
    ENV0931 = 931,

    /// <summary>A <c>HomeActivation</c>'s <c>After</c> names an activation that does not exist in the configuration.</summary>
    ENV0932 = 932,

    /// <summary>The <c>After</c> names of <c>HomeActivation</c> items make a cycle, so none of them can run first.</summary>
    ENV0933 = 933,

    /// <summary><c>dotnet env generations --remove N</c>: generation N is the current one, which is never removed.</summary>
    ENV0934 = 934,

    /// <summary><c>dotnet env uninstall</c>: there is nothing to uninstall, as this home was never switched (no generation is recorded in the state folder, <c>$XDG_STATE_HOME/envsdk/home/</c>).</summary>
    ENV0945 = 945,

    /// <summary>An uninstall of this home was interrupted (killed, or its process died), and its journal <c>uninstall.json</c> is still there, so <c>switch</c> and <c>rollback</c> refuse to change a home that is half uninstalled.</summary>
    ENV0946 = 946,

    /// <summary><c>dotnet env switch --from GIT_URL</c>: git is not installed (or not on PATH), and <c>--from</c> fetches with it.</summary>
    ENV0970 = 970,

    /// <summary>Warning: the current generation's store entry is gone (a cleaned or moved store), so the switch cannot tell which files in the home were its own: the new generation's files replace them where it has them, and the others are left where they are.</summary>
    ENV0971 = 971,

    // Images and registries (ENV0980–ENV0999)

    /// <summary>A store entry going into an image holds something that is neither a file, a folder nor a link (a fifo, a socket, a device): not what a store entry is, so it was changed after it was made.</summary>
    ENV0980 = 980,

    /// <summary>An image is made for Linux, and the env's runtime identifier (<c>EnvRuntimeIdentifier</c>, or <c>ContainerRuntimeIdentifier</c>) is not a Linux one.</summary>
    ENV0981 = 981,

    /// <summary>A command of the env leads to a file outside the store (a <c>Bin=</c> path of the machine), which an image does not hold.</summary>
    ENV0982 = 982,

    /// <summary>The folder <c>ContainerArchiveOutputPath</c> names for the image archive cannot be made (a file is in its way, or it may not be written; a missing folder is made).</summary>
    ENV0983 = 983,

    /// <summary><c>ContainerRepository</c> or a tag in <c>ContainerImageTags</c> (<c>ContainerImageTag</c>) is not what the OCI distribution spec allows: a repository of lowercase letters and digits with <c>.</c>, <c>_</c> or <c>-</c> between them and <c>/</c> between parts; a tag of letters, digits, <c>_</c>, <c>.</c> and <c>-</c>, not starting with <c>.</c> or <c>-</c>, at most 128.</summary>
    ENV0984 = 984,

    /// <summary>The image has nowhere to go: neither <c>ContainerArchiveOutputPath</c> nor <c>ContainerRegistry</c> is set, and no local container engine is there (a Docker daemon that answers, or Podman on PATH).</summary>
    ENV0985 = 985,

    /// <summary>A registry could not be reached, answered an error, or stalled (60 s without a byte, <c>ENVSDK_STALL_TIMEOUT</c>, or 30 minutes over one answer) while the image was pushed or its base pulled (the message has the registry, the step and its answer).</summary>
    ENV0986 = 986,

    /// <summary>A registry refused the push (401 or 403): no credentials were found for it, or the ones found may not push to that repository.</summary>
    ENV0987 = 987,

    /// <summary>Docker's config file (<c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>) or the credential helper it names cannot be used: not a regular file, over 1 MiB, not JSON, a bad <c>auth</c> value, a helper not on PATH, silent for 30 s or answering something else.</summary>
    ENV0988 = 988,

    /// <summary><c>ContainerBaseImage</c> is not an image reference Env.Sdk takes: <c>HOST[:PORT]/NAME[:TAG]</c> or <c>HOST/NAME@sha256:DIGEST</c>, the registry always named.</summary>
    ENV0989 = 989,

    /// <summary>The base image cannot be used: the registry has no such image (or no longer has the digest the lock pins) or none for the platform, or answered something that is not an image (a manifest, config or layer that is not what its digest or size says, a media type an image does not have, a foreign layer).</summary>
    ENV0990 = 990,

    /// <summary>Locked mode (<c>EnvLockedMode</c>, CI=true): the lock pins no digest for <c>ContainerBaseImage</c>, or its tag moved since the lock pinned it.</summary>
    ENV0991 = 991,

    /// <summary>Warning: the tag of <c>ContainerBaseImage</c> moved since the lock pinned it; the image is built on the pinned digest, as before.</summary>
    ENV0992 = 992,

    /// <summary>The env holds .NET tools, which run on <c>dotnet</c>, and the image has no base to bring it (<c>ContainerBaseImage</c> is not set).</summary>
    ENV0993 = 993,

    /// <summary>The image could not be loaded into the local container engine (<c>LocalRegistry</c>: Docker or Podman): the engine is missing, failed (its output is in the message), or took more than 10 minutes; or <c>LocalRegistry</c> names another.</summary>
    ENV0994 = 994,

    /// <summary><c>ContainerUser</c> is not a user a container runtime takes: a name or uid, optionally <c>:group</c> or <c>:gid</c> (letters, digits, <c>_</c>, <c>-</c>, <c>.</c>; at most 64).</summary>
    ENV0995 = 995,

    // Unexpected failures (ENV0950–ENV0959)

    /// <summary>Permission denied on the file or folder the message names.</summary>
    ENV0950 = 950,

    /// <summary>The disk is full (or the user's quota is used up) while writing the file the message names.</summary>
    ENV0951 = 951,

    /// <summary>A file could not be read or written for another reason the system gave (the message has its words).</summary>
    ENV0952 = 952,

    /// <summary>Out of memory.</summary>
    ENV0953 = 953,

    /// <summary>Internal error: an exception Env.Sdk did not expect (its type and message are shown).</summary>
    ENV0954 = 954,
}
