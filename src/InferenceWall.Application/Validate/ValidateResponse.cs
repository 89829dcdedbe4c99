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

    /// <summary>The scored error per model, per GPU, per parallel plan and per inference stack.</summary>
    public required LatencyBreakdown Breakdown { get; init; }

    /// <summary>Rows run with a step cache (priced by its lever in levers.csv, never fitted) or distilled: their error apart; null when there are none.</summary>
    public LeverRowsError? LeverRows { get; init; }

    /// <summary>Predicted peak memory per GPU against the published peaks (the same in both methods: no fitted constant).</summary>
    public required PeakMemoryValidation PeakMemory { get; init; }
}

/// <summary>The error over the rows run with a step cache or distilled (known GPU, stated degrees).</summary>
public sealed record LeverRowsError
{
    public required int Rows { get; init; }
    public required double MedianAbsPctError { get; init; }
    public required double P90AbsPctError { get; init; }
}

/// <summary>The scored latency error grouped four ways; each group's median ratio is predicted ÷ measured (above 1: too slow).</summary>
public sealed record LatencyBreakdown
{
    public required ImmutableArray<LatencyGroup> ByModel { get; init; }
    public required ImmutableArray<LatencyGroup> ByGpu { get; init; }
    public required ImmutableArray<LatencyGroup> ByPlan { get; init; }
    public required ImmutableArray<LatencyGroup> ByStack { get; init; }
}

/// <summary>The scored latency error over one group of rows.</summary>
public sealed record LatencyGroup
{
    public required string Name { get; init; }
    public required int Rows { get; init; }
    public required double MedianAbsPctError { get; init; }
    public required double P90AbsPctError { get; init; }
    public required double MedianRatio { get; init; }
}

/// <summary>
/// The peak-memory error over every row with a published peak that can be predicted: median and P90 absolute % error
/// overall, per GPU family and per model, and the rows. Median and P90 are null when no row has a published peak.
/// </summary>
public sealed record PeakMemoryValidation
{
    public required int Rows { get; init; }
    public required double? MedianAbsPctError { get; init; }
    public required double? P90AbsPctError { get; init; }
    public required ImmutableArray<PeakMemoryGroup> ByGpuFamily { get; init; }
    public required ImmutableArray<PeakMemoryGroup> ByModel { get; init; }
    public required ImmutableArray<PeakMemoryRow> Predicted { get; init; }
    public required ImmutableArray<SkippedMeasurement> Skipped { get; init; }
}

/// <summary>The peak-memory error over one GPU family or one model; the signed median shows the bias (+: over-predicted).</summary>
public sealed record PeakMemoryGroup
{
    public required string Name { get; init; }
    public required int Rows { get; init; }
    public required double MedianAbsPctError { get; init; }
    public required double P90AbsPctError { get; init; }
    public required double MedianPctError { get; init; }
}

/// <summary>One row's peak memory per GPU, published against predicted (GB = 10⁹ bytes), with the predicted parts.</summary>
public sealed record PeakMemoryRow
{
    public required string Id { get; init; }
    public required string Model { get; init; }
    public required string Gpu { get; init; }
    public required string GpuFamily { get; init; }
    public required int NumGpus { get; init; }
    public required double MeasuredGb { get; init; }
    public required double PredictedGb { get; init; }

    /// <summary>(predicted − measured) / measured × 100: positive when the model over-predicts.</summary>
    public required double PctError { get; init; }
    public required double AbsPctError { get; init; }
    public required double WeightsGb { get; init; }
    public required double ActivationsGb { get; init; }
    public required double TextEncoderGb { get; init; }

    /// <summary>The VAE-decoding phase's total (decoder weights and activations, and the weights still resident).</summary>
    public required double DecodePeakGb { get; init; }

    /// <summary>The phase that sets the peak: <c>text_encode</c>, <c>denoise</c> or <c>vae_decode</c>.</summary>
    public required string PeakPhase { get; init; }
    public required string Assumptions { get; init; }
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

    /// <summary>Whether the row counts in the median and P90 (known GPU, stated parallel degrees, no step cache).</summary>
    public required bool Scored { get; init; }

    /// <summary>The step-cache lever that priced the row, or its distilled setting (<c>other:distill-4step</c>); null for other rows.</summary>
    public string? Lever { get; init; }

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
