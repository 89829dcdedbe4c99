using System.Collections.Immutable;
using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Calibration;

/// <summary>One predicted row: measured against predicted (all finite).</summary>
public sealed record ValidationRow(
    string Id,
    string Model,
    string Gpu,
    int NumGpus,
    string Scope,
    double MeasuredSeconds,
    double PredictedSeconds,
    double AbsPctError,
    bool Scored,
    string Assumptions,
    string? Lever = null);

/// <summary>The error over the rows priced by a lever or run distilled.</summary>
public sealed record LeverRowsSummary(int Rows, double MedianAbsPctError, double P90AbsPctError);

/// <summary>A row that could not be predicted, and why.</summary>
public sealed record SkippedRow(string Id, int Line, string Reason);

/// <summary>
/// Predicted vs measured over a measurement file. The error statistics are over the scored rows: known GPU and
/// stated parallel degrees; rows with placeholder degrees are predicted and listed but not scored. With no scored
/// row there is no statistic: median and P90 are null.
/// </summary>
public sealed record ValidationReport(
    ImmutableArray<ValidationRow> Rows,
    ImmutableArray<SkippedRow> Skipped,
    double? MedianAbsPctError,
    double? P90AbsPctError,
    int ScoredRows)
{
    /// <summary>
    /// The rows priced by a lever (a step cache) or run distilled (<c>other:distill</c>), with a known GPU and stated
    /// degrees: their error apart (issue 11's bar: median at most 25%). Null when there are none.
    /// </summary>
    public LeverRowsSummary? LeverRows { get; init; }

    public static ValidationReport From(IEnumerable<ValidationRow> rows, IEnumerable<SkippedRow> skipped)
    {
        var all = rows.ToImmutableArray();
        var scored = all.Where(r => r.Scored).Select(r => r.AbsPctError).ToList();
        var levered = all.Where(r => r.Lever is not null).Select(r => r.AbsPctError).ToList();
        var summary = levered.Count == 0 ? null : new LeverRowsSummary(levered.Count, Percentile.Of(levered, 50), Percentile.Of(levered, 90));
        return scored.Count == 0
            ? new ValidationReport(all, [.. skipped], null, null, 0) { LeverRows = summary }
            : new ValidationReport(all, [.. skipped], Percentile.Of(scored, 50), Percentile.Of(scored, 90), scored.Count) { LeverRows = summary };
    }
}

/// <summary>One row's peak memory per GPU: published against predicted, in GB (10⁹ bytes), and the predicted parts.</summary>
public sealed record MemoryRow(
    string Id,
    string Model,
    string Gpu,
    string GpuFamily,
    int NumGpus,
    double MeasuredGb,
    double PredictedGb,
    double PctError,
    MemoryNeed Parts,
    string Assumptions)
{
    public double AbsPctError => Math.Abs(PctError);
}

/// <summary>
/// Predicted peak memory per GPU against the published peaks, over every row that has one and can be predicted.
/// The memory model has no fitted constant, so the calibration (in-sample or leave-one-model-out) does not change it.
/// With no row there is no statistic: median and P90 are null.
/// </summary>
public sealed record MemoryValidation(
    ImmutableArray<MemoryRow> Rows,
    ImmutableArray<SkippedRow> Skipped,
    double? MedianAbsPctError,
    double? P90AbsPctError,
    ImmutableArray<ErrorGroup> ByGpuFamily,
    ImmutableArray<ErrorGroup> ByModel)
{
    public static MemoryValidation From(IEnumerable<MemoryRow> rows, IEnumerable<SkippedRow> skipped)
    {
        var all = rows.ToImmutableArray();
        return all.IsEmpty
            ? new MemoryValidation(all, [.. skipped], null, null, [], [])
            : new MemoryValidation(all, [.. skipped], Percentile.Of(Abs(all), 50), Percentile.Of(Abs(all), 90), Groups(all, r => r.GpuFamily), Groups(all, r => r.Model));
    }

    private static List<double> Abs(IEnumerable<MemoryRow> rows) => [.. rows.Select(r => r.AbsPctError)];

    /// <summary>The groups' bias is the median signed % error (+: over-predicted).</summary>
    private static ImmutableArray<ErrorGroup> Groups(ImmutableArray<MemoryRow> rows, Func<MemoryRow, string> key) =>
        ErrorGroup.Of(rows, key, r => r.AbsPctError, r => r.PctError);
}
