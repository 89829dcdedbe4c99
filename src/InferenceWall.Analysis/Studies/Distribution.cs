using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using InferenceWall.Core;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation.Engine;

namespace InferenceWall.Analysis.Studies;

public enum DistributionKind
{
    Uniform,
    Normal,
    LogNormal,
    Triangular,
}

/// <summary>
/// An uncertain input: <c>uniform(min,max)</c>, <c>normal(mean,sd)</c>, <c>lognormal(median,sigma)</c> (sigma of the
/// log) or <c>triangular(min,mode,max)</c>. Draws are not clipped: a draw outside its field's range is rejected by the
/// scenario's rules and counted (see <see cref="MonteCarlo"/>), never computed with.
/// </summary>
public sealed partial record Distribution(DistributionKind Kind, double A, double B, double C = 0)
{
    /// <summary>The one spelling of each kind.</summary>
    public static Vocabulary<DistributionKind> Kinds { get; } = new("distribution",
        (DistributionKind.Uniform, "uniform"), (DistributionKind.Normal, "normal"), (DistributionKind.LogNormal, "lognormal"), (DistributionKind.Triangular, "triangular"));

    private const string Forms = "write uniform(min,max), normal(mean,sd), lognormal(median,sigma) or triangular(min,mode,max)";

    [GeneratedRegex(@"^\s*([A-Za-z_]+)\s*\(([^)]*)\)\s*$")]
    private static partial Regex Pattern();

    /// <summary>A distribution of a kind and its parameters in the order the kind names them, or why not.</summary>
    public static (Distribution? Distribution, Problem? Problem) Create(string path, DistributionKind kind, IReadOnlyList<double> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var word = Kinds.Word(kind);
        if (p.Any(x => !double.IsFinite(x)))
        {
            return (null, Problem.BadInput(path, $"{word}: the parameters must be finite numbers", Forms));
        }

        Distribution? d = kind switch
        {
            DistributionKind.Uniform when p.Count == 2 && p[0] <= p[1] => new(kind, p[0], p[1]),
            DistributionKind.Normal when p.Count == 2 && p[1] >= 0 => new(kind, p[0], p[1]),
            DistributionKind.LogNormal when p.Count == 2 && p[0] > 0 && p[1] >= 0 => new(kind, p[0], p[1]),
            DistributionKind.Triangular when p.Count == 3 && p[0] <= p[1] && p[1] <= p[2] => new(kind, p[0], p[1], p[2]),
            _ => null,
        };
        return d is not null
            ? (d, null)
            : (null, Problem.BadInput(path, $"{word}({string.Join(",", p.Select(x => x.ToString("G6", CultureInfo.InvariantCulture)))}): wrong arguments",
                "uniform(min<=max), normal(mean, sd>=0), lognormal(median>0, sigma>=0), triangular(min<=mode<=max)"));
    }

    /// <summary>Reads <c>lognormal(1,0.2)</c> into a kind and parameters; a problem at <paramref name="path"/> says what to write.</summary>
    public static (DistributionKind? Kind, ImmutableArray<double> Parameters, Problem? Problem) ParseText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Pattern().Match(text);
        if (!m.Success)
        {
            return (null, [], Problem.BadInput(path, $"'{text}' is not a distribution", Forms));
        }

        var (kind, problem) = Kinds.Parse(path, m.Groups[1].Value);
        if (kind is null)
        {
            return (null, [], problem! with { Fix = Forms });
        }

        var args = m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries);
        var numbers = ImmutableArray.CreateBuilder<double>(args.Length);
        foreach (var a in args)
        {
            if (!double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
            {
                return (null, [], Problem.BadInput(path, $"'{a}' in '{text}' is not a number", Forms));
            }

            numbers.Add(x);
        }

        return (kind, numbers.ToImmutable(), null);
    }

    /// <summary>Reads and checks <c>lognormal(1,0.2)</c> in one go.</summary>
    public static (Distribution? Distribution, Problem? Problem) Parse(string text, string path = "")
    {
        var (kind, parameters, problem) = ParseText(path, text);
        return kind is { } k ? Create(path, k, parameters) : (null, problem);
    }

    internal double Sample(ref Rng rng)
    {
        switch (Kind)
        {
            case DistributionKind.Uniform:
                return A + ((B - A) * rng.NextDouble());
            case DistributionKind.Normal:
                return A + (B * rng.Normal());
            case DistributionKind.LogNormal:
                return A * Math.Exp(B * rng.Normal());
            default:
                var u = rng.NextDouble();
                var f = (B - A) / (C - A);
                return C == A ? A : u < f ? A + Math.Sqrt(u * (C - A) * (B - A)) : C - Math.Sqrt((1 - u) * (C - A) * (C - B));
        }
    }

    public override string ToString() => Kind == DistributionKind.Triangular
        ? string.Create(CultureInfo.InvariantCulture, $"{Kinds.Word(Kind)}({A:G6},{B:G6},{C:G6})")
        : string.Create(CultureInfo.InvariantCulture, $"{Kinds.Word(Kind)}({A:G6},{B:G6})");
}
