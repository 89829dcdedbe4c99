using System.Globalization;

namespace InferenceWall.Cli;

/// <summary>
/// The one reading of a decimal number on the command line: an optional sign, digits, '.' for decimals and an
/// exponent; no thousands separators and no other culture's decimal comma (<c>4,29</c> is refused, never read as 429).
/// </summary>
internal static class InvariantNumber
{
    private const NumberStyles Style = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign
        | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>The advice every refusal of a decimal gives.</summary>
    public const string Fix = "write digits with '.' for decimals and no thousands separators";

    /// <summary>True with the value when <paramref name="text"/> is a finite number in the invariant format.</summary>
    public static bool TryParse(string? text, out double value) =>
        double.TryParse(text, Style, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
