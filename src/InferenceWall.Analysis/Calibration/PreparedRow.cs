using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Calibration;

/// <summary>A measurement turned into a cost request (or the reason it cannot be predicted).</summary>
public sealed record PreparedRow(Measurement Measurement, CostRequest? Request, string? SkipReason, string Assumptions)
{
    /// <summary>
    /// The step-cache lever (levers.csv) whose computed share prices this row, which ran with that cache; null for a
    /// row without one. Such rows are predicted and scored apart, never fitted: the share comes from their sources.
    /// </summary>
    public string? Lever { get; init; }

    /// <summary>A row the calibration fits: a request, known GPU and stated degrees, and no step cache.</summary>
    public bool Fitted => Request is not null && Measurement.Scored && Lever is null;

    /// <summary>The model's prediction of what the row measured, in seconds (null when infeasible).</summary>
    public double? Predict(CostCalibration calibration, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        refusal = null;
        if (Request is null)
        {
            return null;
        }

        var outcome = ClipCost.Estimate(Request, calibration);
        if (outcome.Estimate is not { } e)
        {
            refusal = string.Join("; ", outcome.Problems.Select(p => p.Text));
            return null;
        }

        return Measurement.Scope switch
        {
            MeasurementScope.PerStep => e.StepSeconds,
            MeasurementScope.Denoise => e.Seconds(Phase.Denoise),
            MeasurementScope.VaeDecode => e.Seconds(Phase.VaeDecode),
            _ => e.LatencySeconds,
        };
    }
}
