using InferenceWall.Analysis.Calibration;

namespace InferenceWall.Application.Calibrate;

/// <summary>
/// Fits the cost model's constants to a measurement file. Refuses, as problems: a text that is not a valid
/// measurement file (bad input, with file:line), one past the size limits (limit exceeded), and rows that cannot
/// determine the constants or whose best fit is not physical (infeasible: the rows are valid, they hold no answer).
/// </summary>
public static class CalibrateUseCase
{
    public static Outcome<CalibrateResponse> Run(CalibrateRequest request, EngineData data, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var name = NameOf(request.MeasurementsName);
        var (rows, problems) = MeasurementSet.Read(name, request.MeasurementsCsv, data.Catalog);
        if (problems.Length > 0)
        {
            return Outcome<CalibrateResponse>.Fail(problems);
        }

        var fittedOn = $"{LastSegment(name)} ({rows.Length} rows read)";
        var fit = Calibrator.Fit(rows, fittedOn, cancel);
        if (fit.Calibration is not { } calibration)
        {
            return Outcome<CalibrateResponse>.Fail(fit.Problems);
        }

        var report = Validation.Run(rows, calibration);
        return Outcome<CalibrateResponse>.Ok(new CalibrateResponse
        {
            FittedOn = fittedOn,
            RowsRead = rows.Length,
            RowsUsed = calibration.RowsUsed,
            ParametersFitted = fit.ParametersFitted,
            ExcludedRows = fit.Excluded,
            Calibration = calibration,
            InSample = Summary(report),
            CalibrationJson = calibration.ToJson(),
        });
    }

    private static ErrorSummary Summary(ValidationReport report) => report.MedianAbsPctError is { } median && report.P90AbsPctError is { } p90
        ? new ErrorSummary { ScoredRows = report.ScoredRows, MedianAbsPctError = median, P90AbsPctError = p90 }
        : new ErrorSummary { ScoredRows = 0, NoValueReason = "no row is scored (known GPU, stated parallel degrees)" };

    /// <summary>The name problems are located in; a blank one reads as <c>measurements</c>.</summary>
    private static string NameOf(string? name) => string.IsNullOrWhiteSpace(name) ? "measurements" : name;

    /// <summary>The last segment of a name that may be a path (<c>data/m.csv</c> → <c>m.csv</c>).</summary>
    private static string LastSegment(string name)
    {
        var cut = name.LastIndexOfAny(['/', '\\']);
        var last = cut >= 0 ? name[(cut + 1)..] : name;
        return last.Length > 0 ? last : "measurements";
    }
}
