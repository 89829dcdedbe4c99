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
    string Assumptions);

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
    public static ValidationReport From(IEnumerable<ValidationRow> rows, IEnumerable<SkippedRow> skipped)
    {
        var all = rows.ToImmutableArray();
        var scored = all.Where(r => r.Scored).Select(r => r.AbsPctError).ToList();
        return scored.Count == 0
            ? new ValidationReport(all, [.. skipped], null, null, 0)
            : new ValidationReport(all, [.. skipped], Percentile.Of(scored, 50), Percentile.Of(scored, 90), scored.Count);
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
