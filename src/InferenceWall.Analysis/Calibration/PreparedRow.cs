using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Calibration;

/// <summary>A measurement turned into a cost request (or the reason it cannot be predicted).</summary>
public sealed record PreparedRow(Measurement Measurement, CostRequest? Request, string? SkipReason, string Assumptions)
{
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
