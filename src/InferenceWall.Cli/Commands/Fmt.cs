using System.Globalization;

namespace InferenceWall.Cli.Commands;

/// <summary>Number formatting for tables: invariant culture, significant digits, never silently rounded to zero.</summary>
internal static class Fmt
{
    public static string Sig(double value, int digits = 4)
    {
        if (value == 0)
        {
            return "0";
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var decimals = Math.Clamp(digits - 1 - magnitude, 0, 10);
        return value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    public static string Usd(double value) => "$" + Sig(value, 4);
}
