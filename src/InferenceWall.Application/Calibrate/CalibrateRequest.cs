namespace InferenceWall.Application.Calibrate;

/// <summary>Fit the cost model's constants to a measurement file (format: docs/validation.md).</summary>
public sealed record CalibrateRequest
{
    /// <summary>The measurement CSV's text.</summary>
    public required string MeasurementsCsv { get; init; }

    /// <summary>
    /// The name the text is known by (a file name, an upload's name): problems are located in it, and its last
    /// segment is recorded as what the calibration was fitted on.
    /// </summary>
    public string MeasurementsName { get; init; } = "measurements.csv";
}
