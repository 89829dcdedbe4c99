using InferenceWall.Core;
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
            var error = Math.Abs(seconds - measured) / measured * 100.0;
            if (!double.IsFinite(seconds) || seconds <= 0 || !double.IsFinite(error))
            {
                // Extreme sizes or latencies (a clip of 2^31 frames, a latency of 1e-320 s) leave no finite error.
                skipped.Add(new SkippedRow(m.Id, m.Line, $"no finite error: the cost model predicts {Show(seconds)} against a measured {Show(measured)}"));
                continue;
            }

            // A row priced by a step-cache lever is scored apart; a distilled row is scored with the rest and apart too.
            var lever = p.Lever ?? (m.StepCache.StartsWith("other:distill", StringComparison.Ordinal) ? m.StepCache : null);
            rows.Add(new ValidationRow(m.Id, m.Model, m.Gpu, m.NumGpus, ScopeName(m.Scope), measured, seconds, error, m.Scored && p.Lever is null, p.Assumptions,
                m.Scored ? lever : null));
        }

        return ValidationReport.From(rows, skipped);
    }

    /// <summary>
    /// Predicted peak memory per GPU against every row's published peak (rows without one are not listed). A row that
    /// cannot be turned into a cost request is skipped with the reason; memory-only rows count when their GPU is known.
    /// </summary>
    public static MemoryValidation Memory(IEnumerable<PreparedRow> prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var rows = new List<MemoryRow>();
        var skipped = new List<SkippedRow>();
        foreach (var p in prepared)
        {
            var m = p.Measurement;
            if (m.PeakMemoryGb is not { } measured)
            {
                continue;
            }

            if (p.Request is not { } request)
            {
                skipped.Add(new SkippedRow(m.Id, m.Line, p.SkipReason ?? "no cost request"));
                continue;
            }

            var reading = PeakReading.Of(m, request);
            if (ClipCost.PeakMemory(request, reading.Holding, out var problems) is not { } need)
            {
                skipped.Add(new SkippedRow(m.Id, m.Line, string.Join("; ", problems.Select(x => x.Message))));
                continue;
            }

            var published = measured * reading.BytesPerUnit / Units.Giga;
            var predicted = (reading.AllocatedOnly ? need.Allocated : need.Total) / Units.Giga;
            var error = (predicted - published) / published * 100.0;
            if (!double.IsFinite(error) || published <= 0)
            {
                skipped.Add(new SkippedRow(m.Id, m.Line, $"no finite error: predicted {predicted:G4} GB against a published {published:G4} GB"));
                continue;
            }

            rows.Add(new MemoryRow(m.Id, m.Model, m.Gpu, request.Gpu.Family, m.NumGpus, published, predicted, error, need, Join(p.Assumptions, reading.Notes)));
        }

        return MemoryValidation.From(rows, skipped);
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + "; " + b;

    public static string ScopeName(MeasurementScope scope) => MeasurementWords.Scope.Word(scope);

    private static string Show(double seconds) =>
        double.IsFinite(seconds) ? seconds.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) + " s" : "no finite time";
}
