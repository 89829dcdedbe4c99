using System.Collections.Immutable;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Analysis.Studies;

/// <summary>
/// The figures analyses compare across scenario variants. <see cref="EfficiencyGainNeeded"/> is infinite when no gain
/// is enough (revenue does not even cover the costs other than compute): responses write it as null with
/// <see cref="NoEfficiencyGainReason"/>. <see cref="GrossMargin"/> is null without revenue.
/// </summary>
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
    /// <summary>Why <see cref="EfficiencyGainNeeded"/> is null.</summary>
    public const string NoEfficiencyGainReason = "revenue does not cover the costs other than compute, so no efficiency gain is enough";

    /// <summary>
    /// Evaluates a checked scenario variant (without the API comparison, which no analysis varies): its figures, or the
    /// economics' problems (an unknown GPU, a plan that does not fit: <see cref="ProblemKind.Infeasible"/>).
    /// </summary>
    public static (PointMetrics? Metrics, ImmutableArray<Problem> Problems) Evaluate(Scenario scenario, double efficiency, VideoCatalog catalog, CostCalibration calibration)
    {
        var (r, problems) = UnitEconomics.Evaluate(scenario, catalog, ScenarioFields.Scaled(calibration, efficiency), compareApis: false);
        return r is null ? (null, problems) : Of(r);
    }

    /// <summary>
    /// Evaluates a checked scenario variant on its simulated day (seed <paramref name="daySeed"/>): the realized cost of
    /// the fleet the day paid for (its peaks, idle capacity and starts) instead of the average-load formula.
    /// </summary>
    public static (PointMetrics? Metrics, ImmutableArray<Problem> Problems) EvaluateSimulated(Scenario scenario, double efficiency, ulong daySeed, VideoCatalog catalog,
        CostCalibration calibration, CancellationToken cancel = default)
    {
        var scaled = ScenarioFields.Scaled(calibration, efficiency);
        var (day, dayProblems) = SimulatedDays.Run(scenario, catalog, scaled, daySeed, cancel);
        if (day is null)
        {
            return (null, dayProblems);
        }

        var (r, problems) = UnitEconomics.Evaluate(scenario, catalog, scaled, day.Compute, compareApis: false);
        return r is null ? (null, problems) : Of(r);
    }

    private static (PointMetrics? Metrics, ImmutableArray<Problem> Problems) Of(EconomicsResult r)
    {
        // No gain is enough when revenue does not cover the other costs: infinite here, null with its reason in every output.
        var m = new PointMetrics(r.CostPerClipUsd, r.RevenuePerClipUsd, r.GrossMargin, r.ComputeCostUsdPerDay + r.OtherCostsUsdPerDay, r.GrossProfitUsdPerDay,
            r.EfficiencyGainNeeded ?? double.PositiveInfinity, r.Mix.Sum(x => x.Item.Share * x.LatencySeconds), r.ClipsPerDay, r.GpuHoursPerDay);
        return m.IsFinite() ? (m, []) : (null, [Problem.BadInput(string.Empty, "the economics of this variant have no finite figures", "check the values that were changed")]);
    }

    /// <summary>Every figure finite (the efficiency gain may be infinite: no gain is enough).</summary>
    private bool IsFinite() =>
        double.IsFinite(CostPerClipUsd) && double.IsFinite(RevenuePerClipUsd) && (GrossMargin is null || double.IsFinite(GrossMargin.Value)) && double.IsFinite(DailyBurnUsd)
        && double.IsFinite(GrossProfitUsdPerDay) && !double.IsNaN(EfficiencyGainNeeded) && double.IsFinite(LatencySeconds) && double.IsFinite(ClipsPerDay) && double.IsFinite(GpuHoursPerDay);
}
