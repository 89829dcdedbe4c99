using System.Globalization;
using InferenceWall.Core;
using InferenceWall.Core.Problems;

namespace InferenceWall.Cli.Commands;

internal static partial class EstimateCommand
{
    /// <summary>
    /// Reads option text into values in the invariant format only: digits, an optional sign, '.' for decimals and an
    /// exponent; no thousands separators, no other culture's decimal comma (<c>4,29</c> is refused, never read as 429).
    /// Each problem carries the option's domain path (<c>usd_per_gpu_hour</c>), worded as the flag when printed.
    /// </summary>
    internal sealed class OptionText(List<Problem> problems)
    {
        private const NumberStyles WholeStyle = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign;

        /// <summary>A whole number, or null when absent (or refused, with a problem).</summary>
        public long? Whole(string path, string? text)
        {
            if (text is null)
            {
                return null;
            }

            var t = text.Trim();
            var digits = t.TrimStart('+', '-');
            if (t.Length > 0 && digits.Length > 0 && digits.Length >= t.Length - 1 && digits.All(char.IsAsciiDigit))
            {
                if (long.TryParse(t, WholeStyle, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                problems.Add(Problem.LimitExceeded(path, $"'{text}' is too large a count"));
                return null;
            }

            problems.Add(Problem.BadInput(path, $"'{text}' is not a whole number", "write digits only, for example 4 (no separators, no decimals)"));
            return null;
        }

        /// <summary>A finite number in the invariant format, or null when absent (or refused, with a problem).</summary>
        public double? Number(string path, string? text)
        {
            if (text is null)
            {
                return null;
            }

            if (InvariantNumber.TryParse(text, out var value))
            {
                return value;
            }

            problems.Add(Problem.BadInput(path, $"'{text}' is not a number in the invariant format",
                InvariantNumber.Fix + ", for example 4.29"));
            return null;
        }

        /// <summary>A word of a closed vocabulary, or null (with a problem listing the allowed words).</summary>
        public T? Word<T>(string path, string text, Vocabulary<T> words)
            where T : struct, Enum
        {
            var (value, problem) = words.Parse(path, text);
            if (problem is not null)
            {
                problems.Add(problem);
            }

            return value;
        }

        public bool? Boolean(string path, string? text)
        {
            switch (text?.Trim().ToLowerInvariant())
            {
                case null:
                    return null;
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    problems.Add(Problem.BadInput(path, $"'{text}' is not true or false", "write true or false"));
                    return null;
            }
        }

        /// <summary>WIDTHxHEIGHT in pixels, as two whole numbers (their limits are the estimate's to check).</summary>
        public (long Width, long Height)? Resolution(string text)
        {
            var parts = text.Trim().ToLowerInvariant().Split('x', '×');
            if (parts.Length == 2 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
            {
                if (long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
                    && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h))
                {
                    return (w, h);
                }

                problems.Add(Problem.LimitExceeded("resolution", $"'{text}' is too large a size"));
                return null;
            }

            problems.Add(Problem.BadInput("resolution", $"'{text}' is not WIDTHxHEIGHT in pixels", "write for example 1280x720"));
            return null;
        }
    }
}
