namespace InferenceWall.Application.Validate;

/// <summary>Predict every row of a measurement file and measure the error (format: docs/validation.md).</summary>
public sealed record ValidateRequest
{
    /// <summary>The measurement CSV's text.</summary>
    public required string MeasurementsCsv { get; init; }

    /// <summary>The name the text is known by (a file name, an upload's name): problems are located in it.</summary>
    public string MeasurementsName { get; init; } = "measurements.csv";

    /// <summary>
    /// Refit without each model in turn and predict that model (the error on models the fit has not seen) instead of
    /// predicting with the engine data's calibration.
    /// </summary>
    public bool LeaveOneModelOut { get; init; }
}
