using System.Globalization;
using System.Text.RegularExpressions;
using InferenceWall.Simulation.Engine;

namespace InferenceWall.Analysis.Scenarios;

public enum DistributionKind
{
    Uniform,
    Normal,
    LogNormal,
    Triangular,
}

/// <summary>
/// An uncertain input: <c>uniform(min,max)</c>, <c>normal(mean,sd)</c> (truncated at zero), <c>lognormal(median,sigma)</c>
/// (sigma of the log) or <c>triangular(min,mode,max)</c>.
/// </summary>
public sealed partial record Distribution(DistributionKind Kind, double A, double B, double C = 0)
{
    [GeneratedRegex(@"^\s*(uniform|normal|lognormal|triangular)\s*\(([^)]*)\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    public static (Distribution? Distribution, string? Error) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Pattern().Match(text);
        if (!m.Success)
        {
            return (null, $"'{text}' is not a distribution; write uniform(min,max), normal(mean,sd), lognormal(median,sigma) or triangular(min,mode,max)");
        }

        var args = m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries);
        var numbers = new double[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            if (!double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                return (null, $"'{args[i]}' in '{text}' is not a number");
            }
        }

        var kind = m.Groups[1].Value.ToLowerInvariant();
        return kind switch
        {
            "uniform" when numbers.Length == 2 && numbers[0] <= numbers[1] => (new Distribution(DistributionKind.Uniform, numbers[0], numbers[1]), null),
            "normal" when numbers.Length == 2 && numbers[1] >= 0 => (new Distribution(DistributionKind.Normal, numbers[0], numbers[1]), null),
            "lognormal" when numbers.Length == 2 && numbers[0] > 0 && numbers[1] >= 0 => (new Distribution(DistributionKind.LogNormal, numbers[0], numbers[1]), null),
            "triangular" when numbers.Length == 3 && numbers[0] <= numbers[1] && numbers[1] <= numbers[2] => (new Distribution(DistributionKind.Triangular, numbers[0], numbers[1], numbers[2]), null),
            _ => (null, $"'{text}': wrong arguments; uniform(min<=max), normal(mean, sd>=0), lognormal(median>0, sigma>=0), triangular(min<=mode<=max)"),
        };
    }

    internal double Sample(ref Rng rng)
    {
        switch (Kind)
        {
            case DistributionKind.Uniform:
                return A + ((B - A) * rng.NextDouble());
            case DistributionKind.Normal:
                return Math.Max(0, A + (B * rng.Normal()));
            case DistributionKind.LogNormal:
                return A * Math.Exp(B * rng.Normal());
            default:
                var u = rng.NextDouble();
                var f = (B - A) / (C - A);
                return C == A ? A : u < f ? A + Math.Sqrt(u * (C - A) * (B - A)) : C - Math.Sqrt((1 - u) * (C - A) * (C - B));
        }
    }
}
