using System.Collections.Immutable;

namespace InferenceWall.Application.Validate;

/// <summary>
/// Predicted against measured for every row that can be predicted, the error over the scored rows (known GPU and
/// stated parallel degrees), and every row that was skipped with the reason.
/// </summary>
public sealed record ValidateResponse
{
    /// <summary><c>leave_one_model_out</c>, or <c>calibration: </c> and what the calibration was fitted on.</summary>
    public required string Method { get; init; }

    public required int ScoredRows { get; init; }

    /// <summary>Over the scored rows; there is always at least one (otherwise the outcome is a problem).</summary>
    public required double MedianAbsPctError { get; init; }

    public required double P90AbsPctError { get; init; }

    public required ImmutableArray<ValidatedRow> Rows { get; init; }

    public required ImmutableArray<SkippedMeasurement> Skipped { get; init; }
}

/// <summary>One predicted row.</summary>
public sealed record ValidatedRow
{
    public required string Id { get; init; }
    public required string Model { get; init; }
    public required string Gpu { get; init; }
    public required int NumGpus { get; init; }

    /// <summary>What the latency covers: end_to_end, denoise or per_step.</summary>
    public required string Scope { get; init; }
    public required double MeasuredS { get; init; }
    public required double PredictedS { get; init; }
    public required double AbsPctError { get; init; }

    /// <summary>Whether the row counts in the median and P90 (known GPU, stated parallel degrees).</summary>
    public required bool Scored { get; init; }

    /// <summary>What was assumed to predict the row ("precision not stated: bf16 assumed"); empty when nothing.</summary>
    public required string Assumptions { get; init; }
}

/// <summary>A row that could not be predicted: its id, its line in the file, and why.</summary>
public sealed record SkippedMeasurement
{
    public required string Id { get; init; }
    public required int Line { get; init; }
    public required string Reason { get; init; }
}

/// <summary>Leave-one-model-out's progress: the model being held out, and how many of how many.</summary>
public sealed record ValidateProgress(string HeldOutModel, int Index, int Count);
