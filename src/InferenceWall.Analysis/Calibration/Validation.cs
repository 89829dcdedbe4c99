using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Calibration;

/// <summary>The front door of validation: predict every row a measurement file holds and report the error.</summary>
public static class Validation
{
    public static ValidationReport Run(IEnumerable<Measurement> measurements, VideoCatalog catalog, CostCalibration calibration) =>
        Run(measurements.Select(m => MeasurementPreparer.Prepare(m, catalog)), calibration);

    public static ValidationReport Run(IEnumerable<PreparedRow> prepared, CostCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var rows = new List<ValidationRow>();
        var skipped = new List<SkippedRow>();
        foreach (var p in prepared)
        {
            var m = p.Measurement;
            if (p.SkipReason is not null)
            {
                skipped.Add(new SkippedRow(m.Id, m.Line, p.SkipReason));
                continue;
            }

            var predicted = p.Predict(calibration, out var refusal);
            if (predicted is not { } seconds)
            {
                skipped.Add(new SkippedRow(m.Id, m.Line, "the cost model refuses the configuration: " + refusal));
                continue;
            }

            var measured = m.LatencySeconds!.Value;
            rows.Add(new ValidationRow(m.Id, m.Model, m.Gpu, m.NumGpus, ScopeName(m.Scope), measured, seconds,
                Math.Abs(seconds - measured) / measured * 100.0, m.Scored, p.Assumptions));
        }

        return ValidationReport.From(rows, skipped);
    }

    public static string ScopeName(MeasurementScope scope) => scope switch
    {
        MeasurementScope.EndToEnd => "end_to_end",
        MeasurementScope.Denoise => "denoise",
        MeasurementScope.PerStep => "per_step",
        _ => "memory_only",
    };
}
