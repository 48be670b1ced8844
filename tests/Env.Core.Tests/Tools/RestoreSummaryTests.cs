using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Tools;

namespace Env.Core.Tests.Tools;

public sealed class RestoreSummaryTests
{
    private static LockEntry Entry(string version) => new()
    {
        Kind = LockEntry.NuGetKind, Package = "P", Requested = "1.*", Version = version,
        SourceHash = "sha512-x", NarHash = "sha256-x", StorePath = "x",
    };

    private static LockFile Lock(params (string Tool, string Version)[] tools)
    {
        var file = new LockFile();
        foreach (var (tool, version) in tools) file.Set(tool, "any", Entry(version));
        return file;
    }

    [Fact]
    public void Nothing_changed_reads_up_to_date()
    {
        var summary = RestoreSummary.Compare(Lock(("a", "1.0.0")), Lock(("a", "1.0.0")), [], new TransferTotals(), lockWritten: false);
        Assert.True(summary.IsEmpty);
        Assert.Equal("up to date", summary.ToString());
    }

    [Fact]
    public void Installed_updated_removed_downloaded_and_lock_written_in_one_line()
    {
        var totals = new TransferTotals();
        totals.Add(3 << 20);
        totals.Add(1 << 20);
        var summary = RestoreSummary.Compare(
            Lock(("a", "1.0.0"), ("gone", "2.0.0")),
            Lock(("a", "1.1.0"), ("b", "3.0.0")),
            [("a", "1.1.0"), ("b", "3.0.0")], totals, lockWritten: true);
        Assert.Equal("installed b 3.0.0; updated a 1.0.0 → 1.1.0; removed gone; 4.0 MiB downloaded; lock written", summary.ToString());
        Assert.Equal(2, totals.Files);
    }

    [Fact]
    public void A_tool_new_to_the_lock_counts_as_installed_though_the_store_already_had_it()
    {
        var summary = RestoreSummary.Compare(new LockFile(), Lock(("a", "1.0.0")), [], new TransferTotals(), lockWritten: true);
        Assert.Equal("installed a 1.0.0; lock written", summary.ToString());
    }

    [Fact]
    public void The_line_never_holds_a_slash_which_would_move_the_terminal_loggers_link()
    {
        var summary = RestoreSummary.Compare(new LockFile(), Lock(("a", "1.0/x")), [("a", "1.0/x")], new TransferTotals(), lockWritten: false);
        Assert.DoesNotContain("/", summary.ToString());
    }
}
