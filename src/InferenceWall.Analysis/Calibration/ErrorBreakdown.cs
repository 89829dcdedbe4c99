using System.Collections.Immutable;
using System.Globalization;

namespace InferenceWall.Analysis.Calibration;

/// <summary>The error over one group of rows: how many, median and P90 absolute error, and the median bias.</summary>
/// <param name="Name">The group's name (a model, a GPU or GPU family, a plan such as <c>ulysses 4 × cfg 2</c>, a stack).</param>
/// <param name="Rows">Rows in the group.</param>
/// <param name="MedianAbsPctError">Median absolute % error.</param>
/// <param name="P90AbsPctError">P90 absolute % error.</param>
/// <param name="MedianBias">Median of the signed measure the caller gives (predicted ÷ measured, or signed % error).</param>
public sealed record ErrorGroup(string Name, int Rows, double MedianAbsPctError, double P90AbsPctError, double MedianBias)
{
    /// <summary>The rows grouped by <paramref name="key"/>, groups in ordinal order of their names.</summary>
    public static ImmutableArray<ErrorGroup> Of<T>(IEnumerable<T> rows, Func<T, string> key, Func<T, double> absPctError, Func<T, double> bias) =>
    [
        .. rows.GroupBy(key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ErrorGroup(
                g.Key,
                g.Count(),
                Percentile.Of([.. g.Select(absPctError)], 50),
                Percentile.Of([.. g.Select(absPctError)], 90),
                Percentile.Of([.. g.Select(bias)], 50))),
    ];
}

/// <summary>The scored error of a validation, per model, per GPU, per parallel plan and per stack.</summary>
public sealed record ErrorBreakdown(
    ImmutableArray<ErrorGroup> ByModel,
    ImmutableArray<ErrorGroup> ByGpu,
    ImmutableArray<ErrorGroup> ByPlan,
    ImmutableArray<ErrorGroup> ByStack)
{
    /// <summary>Groups the report's scored rows by the measurement each came from.</summary>
    public static ErrorBreakdown Of(ValidationReport report, IEnumerable<Measurement> measurements)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(measurements);
        var byId = new Dictionary<string, Measurement>(StringComparer.Ordinal);
        foreach (var m in measurements)
        {
            byId.TryAdd(m.Id, m);
        }

        var scored = report.Rows.Where(r => r.Scored && byId.ContainsKey(r.Id)).Select(r => (Row: r, Measurement: byId[r.Id])).ToList();
        ImmutableArray<ErrorGroup> By(Func<ValidationRow, Measurement, string> key) =>
            ErrorGroup.Of(scored, x => key(x.Row, x.Measurement), x => x.Row.AbsPctError, x => x.Row.PredictedSeconds / x.Row.MeasuredSeconds);
        return new ErrorBreakdown(By((r, _) => r.Model), By((r, _) => r.Gpu), By((_, m) => Plan(m)), By((_, m) => m.Stack));
    }

    /// <summary>A plan in words: the degrees above 1 (<c>ulysses 4 × cfg 2</c>), or <c>one GPU</c>.</summary>
    public static string Plan(Measurement m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var parts = new List<string>();
        void Add(string name, int degree)
        {
            if (degree > 1)
            {
                parts.Add(name + " " + degree.ToString(CultureInfo.InvariantCulture));
            }
        }

        Add("ulysses", m.Ulysses);
        Add("ring", m.Ring);
        Add("cfg", m.CfgParallel);
        Add("tensor", m.TensorParallel);
        return parts.Count == 0 ? "one GPU" : string.Join(" × ", parts);
    }
}
