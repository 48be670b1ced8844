using Env.Core.Diagnostics;

namespace Env.Cli;

/// <summary>How a download looks: <c>csharpier 1.3.0 [#######-------] 12.3/22.3 MiB 4.1 MiB/s 3s left</c>.</summary>
internal static class TransferBar
{
    public static string Render(TransferStatus status, int width)
    {
        var figures = $" {Figures(status)}";
        var name = status.What.Length > width / 3 ? status.What[..(width / 3 - 1)] + "…" : status.What;
        var room = width - name.Length - figures.Length - 4;
        if (status.Total is not > 0 || room < 10) return (name + figures).Length < width ? name + figures : (name + figures)[..(width - 1)];
        var filled = (int)(room * Math.Min(1.0, status.Bytes / (double)status.Total.Value));
        return $"{name} [{new string('#', filled)}{new string('-', room - filled)}]{figures}";
    }

    public static string Line(TransferStatus status) => $"Downloading {status.What}: {Figures(status)}";

    private static string Figures(TransferStatus status)
    {
        var of = status.Total is > 0 ? $"{Size(status.Bytes)}/{Size(status.Total.Value)}" : Size(status.Bytes);
        var left = status.Eta is { } eta ? $" {Duration(eta)} left" : "";
        return $"{of} {Size((long)status.BytesPerSecond)}/s{left}";
    }

    private static string Size(long bytes) => TransferStatus.Size(bytes);

    private static string Duration(TimeSpan t) => TransferStatus.Duration(t);
}
