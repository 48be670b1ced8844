using System.Globalization;

namespace Env.Cli.Verbs;

/// <summary>Bytes as people read them (1024-based, one decimal), for what gc and optimise report.</summary>
internal static class ByteSize
{
    public static string Of(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} bytes" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
