using System.Globalization;

namespace InferenceWall.Reporting.Report;

/// <summary>Number formatting for tables and pages: invariant culture, significant digits, never silently rounded to zero.</summary>
public static class Numbers
{
    public static string Sig(double value, int digits = 4)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value == 0 ? "0" : "—";
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var decimals = Math.Clamp(digits - 1 - magnitude, 0, 10);
        return value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    public static string Usd(double value) => value < 0 ? "−$" + Sig(-value, 4) : "$" + Sig(value, 4);

    public static string Percent(double fraction, int decimals = 1) => fraction.ToString("P" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Whole(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
