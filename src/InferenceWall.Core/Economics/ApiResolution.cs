using System.Globalization;
using System.Text.RegularExpressions;

namespace InferenceWall.Core.Economics;

/// <summary>
/// The resolutions an API quote names, as short sides in pixels (<c>720p</c>, <c>1280x720</c> and <c>720x1280</c> are
/// all 720; <c>4K</c> is 2160), and whether a clip is at one of them: the same short side within
/// <see cref="Tolerance"/> (Wan's 1280×704 counts as 720p, 768p does not).
/// </summary>
public static partial class ApiResolution
{
    /// <summary>Short sides within 5% of each other count as the same resolution.</summary>
    public const double Tolerance = 0.05;

    /// <summary>The rule, for output: how a quote is matched to a clip.</summary>
    public const string Rule = "an API quote is compared with the clips of the mix at its resolution (the same short side within 5%: 720p = 1280×720 or 720×1280; 1280×704 counts as 720p); quotes at other or unstated resolutions are listed as not comparable";

    /// <summary>The short sides the text names; empty when it states none.</summary>
    public static IReadOnlyList<int> ShortSides(string? text)
    {
        var sides = new List<int>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return sides;
        }

        foreach (Match m in Dimensions().Matches(text))
        {
            sides.Add(Math.Min(Int(m.Groups[1].Value), Int(m.Groups[2].Value)));
        }

        foreach (Match m in Progressive().Matches(text))
        {
            sides.Add(Int(m.Groups[1].Value));
        }

        foreach (Match m in K().Matches(text))
        {
            sides.Add(m.Groups[1].Value == "4" ? 2160 : 4320);
        }

        return [.. sides.Where(s => s > 0).Distinct()];
    }

    /// <summary>Whether a clip of <paramref name="width"/>×<paramref name="height"/> is at a quote's short side.</summary>
    public static bool Matches(int width, int height, int shortSide)
    {
        var clip = Math.Min(width, height);
        return clip > 0 && shortSide > 0 && Math.Abs(clip - shortSide) <= Tolerance * shortSide;
    }

    private static int Int(string digits) => int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    [GeneratedRegex(@"(\d{2,5})\s*[x×]\s*(\d{2,5})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Dimensions();

    [GeneratedRegex(@"(?<![\dx×])(\d{3,4})\s*p\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Progressive();

    [GeneratedRegex(@"\b([48])k\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex K();
}
