namespace InferenceWall.Analysis.Calibration;

/// <summary>
/// Leave-one-model-out: for each model, fit on every other model's rows and predict this model's rows.
/// It measures how well the cost model does on a model whose timings it has never seen. A model whose training
/// rows cannot be fitted has its rows skipped with the reason. Progress: the model held out, its index and the count.
/// </summary>
public static class LeaveOneModelOut
{
    public static ValidationReport Run(IReadOnlyList<PreparedRow> rows, Action<string, int, int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var models = rows.Where(r => r.Fitted)
            .Select(r => r.Measurement.Model).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var predicted = new List<ValidationRow>();
        var skipped = new List<SkippedRow>();
        for (var index = 0; index < models.Count; index++)
        {
            var model = models[index];
            cancel.ThrowIfCancellationRequested();
            progress?.Invoke(model, index, models.Count);
            var training = rows.Where(r => r.Measurement.Model != model).ToList();
            var fit = Calibrator.Fit(training, $"leave-one-model-out without {model}", cancel);
            if (fit.Calibration is not { } calibration)
            {
                var reason = $"no fit without {model}: " + string.Join("; ", fit.Problems.Select(p => p.Message));
                skipped.AddRange(rows.Where(r => r.Measurement.Model == model).Select(r => new SkippedRow(r.Measurement.Id, r.Measurement.Line, reason)));
                continue;
            }

            var report = Validation.Run(rows.Where(r => r.Measurement.Model == model), calibration);
            predicted.AddRange(report.Rows);
            skipped.AddRange(report.Skipped);
        }

        return ValidationReport.From(predicted, skipped);
    }
}
