using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Calibration;

/// <summary>
/// Leave-one-model-out: for each model, fit on every other model's rows and predict this model's rows.
/// It measures how well the cost model does on a model whose timings it has never seen.
/// </summary>
public static class LeaveOneModelOut
{
    public static ValidationReport Run(IReadOnlyList<PreparedRow> rows, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var models = rows.Where(r => r.Request is not null && r.Measurement.Scored)
            .Select(r => r.Measurement.Model).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var predicted = new List<ValidationRow>();
        var skipped = new List<SkippedRow>();
        foreach (var model in models)
        {
            progress?.Invoke(model);
            var training = rows.Where(r => r.Measurement.Model != model).ToList();
            CostCalibration calibration;
            try
            {
                calibration = Calibrator.Fit(training, $"leave-one-model-out without {model}");
            }
            catch (ArgumentException ex)
            {
                skipped.AddRange(rows.Where(r => r.Measurement.Model == model).Select(r => new SkippedRow(r.Measurement.Id, r.Measurement.Line, ex.Message)));
                continue;
            }

            var report = Validation.Run(rows.Where(r => r.Measurement.Model == model), calibration);
            predicted.AddRange(report.Rows);
            skipped.AddRange(report.Skipped);
        }

        return ValidationReport.From(predicted, skipped);
    }
}
