using System.Globalization;

namespace InferenceWall.Core.Catalog;

/// <summary>
/// A source's <c>as_of</c> read as a date, to order quotes by age. Full dates (<c>2026-09-25</c>), months
/// (<c>2026-11</c>, <c>Apr 2025</c>), years (<c>2026</c>) and parts of a year (<c>late 2024</c>) are dated, each at the
/// first day of the period it names, so a vague date never counts as newer than it may be. Anything else
/// (<c>undated</c>, <c>commit 9737cba</c>) is undated.
/// </summary>
public static class QuoteDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly string[] MonthNames = [.. CultureInfo.InvariantCulture.DateTimeFormat.MonthNames.Take(12).Select(m => m.ToLowerInvariant())];

    /// <summary>The first day of the period <paramref name="asOf"/> names, or null when it names none.</summary>
    public static DateOnly? Parse(string? asOf)
    {
        var text = asOf?.Trim() ?? string.Empty;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return month;
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || !TryYear(parts[^1], out var year))
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return new DateOnly(year, 1, 1);
        }

        var first = parts[0].ToLowerInvariant();
        var startMonth = first switch
        {
            "early" => 1,
            "mid" => 5,
            "late" => 9,
            _ => Math.Max(Array.IndexOf(Months, first), Array.IndexOf(MonthNames, first)) + 1,
        };
        return startMonth is >= 1 and <= 12 ? new DateOnly(year, startMonth, 1) : null;
    }

    private static bool TryYear(string text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && text.Length == 4 && year is >= 1900 and <= 9999;
}
