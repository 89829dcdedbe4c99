using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;

namespace InferenceWall.Analysis.Scenarios;

/// <summary>The figures analyses compare across scenario variants.</summary>
public sealed record PointMetrics(
    double CostPerClipUsd,
    double RevenuePerClipUsd,
    double? GrossMargin,
    double DailyBurnUsd,
    double GrossProfitUsdPerDay,
    double EfficiencyGainNeeded,
    double LatencySeconds,
    double ClipsPerDay,
    double GpuHoursPerDay)
{
    /// <summary>Evaluates a scenario variant (without the API comparison, which no analysis varies).</summary>
    public static (PointMetrics? Metrics, string? Problem) Of(Scenario scenario, double efficiency, VideoCatalog catalog, CostCalibration calibration)
    {
        var (r, problems) = UnitEconomics.Evaluate(scenario, catalog, ScenarioFields.Scaled(calibration, efficiency), compareApis: false);
        if (r is null)
        {
            return (null, string.Join("; ", problems));
        }

        return (new PointMetrics(r.CostPerClipUsd, r.RevenuePerClipUsd, r.GrossMargin, r.ComputeCostUsdPerDay + r.OtherCostsUsdPerDay, r.GrossProfitUsdPerDay,
            r.EfficiencyGainNeeded ?? double.PositiveInfinity, r.Mix.Sum(m => m.Item.Share * m.LatencySeconds), r.ClipsPerDay, r.GpuHoursPerDay), null);
    }
}
