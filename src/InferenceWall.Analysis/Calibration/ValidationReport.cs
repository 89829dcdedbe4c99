using System.Collections.Immutable;

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
