using Env.Core.Diagnostics;
using Env.Core.Fetching;

namespace Env.Core.Tests.Fetching;

public sealed class ProgressWriteStreamTests
{
    private sealed class CapturingLog : IEnvLog
    {
        public List<string> Lines { get; } = [];
        public void Info(string message) => Lines.Add(message);
        public void Detail(string message) { }
        public void Warning(EnvCode code, string message, string? file = null) => Lines.Add(message);
    }

    [Fact]
    public async Task Writes_pass_through_and_are_reported_as_download_progress()
    {
        var log = new CapturingLog();
        using var target = new MemoryStream();
        var counted = new ProgressWriteStream(target, new TransferProgress("Big.Package 1.0.0", null, log, TimeSpan.Zero));

        counted.Write(new byte[700 * 1024]);
        await counted.WriteAsync(new byte[400 * 1024]);
        counted.Write(new byte[10], 0, 10);

        Assert.Equal(700 * 1024 + 400 * 1024 + 10, target.Length);
        Assert.Equal(3, log.Lines.Count);
        Assert.StartsWith("Downloading Big.Package 1.0.0: 700.0 KiB,", log.Lines[0]);
        Assert.StartsWith("Downloading Big.Package 1.0.0: 1.1 MiB,", log.Lines[1]);
    }
}
