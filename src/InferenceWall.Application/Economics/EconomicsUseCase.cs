using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Economics;

/// <summary>The unit economics of a scenario: does it earn more than it burns, and if not, what would have to change.</summary>
public static class EconomicsUseCase
{
    public static Outcome<EconomicsResponse> Run(EconomicsRequest request, EngineData data)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var loaded = Evaluate(request.Scenario, data, request.Simulate ? request.Seed : null);
        return loaded.IsOk ? Outcome<EconomicsResponse>.Ok(loaded.Value!.Response) : loaded.As<EconomicsResponse>();
    }

    /// <summary>The scenario loaded, validated and evaluated (with its simulated day when a seed is given).</summary>
    internal static Outcome<Evaluated> Evaluate(ScenarioSource source, EngineData data, ulong? simulateSeed)
    {
        ArgumentNullException.ThrowIfNull(source);
        var scenario = source.Load();
        if (!scenario.IsOk)
        {
            return scenario.As<Evaluated>();
        }

        // The average-load economics first: they refuse a scenario with typed problems (a plan that does not fit is
        // infeasible) before any day is simulated.
        var (result, problems) = UnitEconomics.Evaluate(scenario.Value!, data.Catalog, data.Calibration);
        if (result is null)
        {
            return Outcome<Evaluated>.Fail(problems.Select(p => Located(p, source.Name)));
        }

        SimulatedDayRun? day = null;
        if (simulateSeed is { } seed)
        {
            var simulated = DaySimulation.Run(scenario.Value!, data, seed);
            if (!simulated.IsOk)
            {
                return Outcome<Evaluated>.Fail(simulated.Problems.Select(p => Located(p, source.Name)));
            }

            day = simulated.Value;
            (result, problems) = UnitEconomics.Evaluate(scenario.Value!, data.Catalog, data.Calibration, day!.Compute);
            if (result is null)
            {
                return Outcome<Evaluated>.Fail(problems.Select(p => Located(p, source.Name)));
            }
        }

        var levers = Analysis.Studies.Levers.MostEffective(scenario.Value!, data.Catalog.Levers, data.Catalog, data.Calibration, MostEffectiveLevers);
        return Outcome<Evaluated>.Ok(new Evaluated(scenario.Value!, result, Response(result, day?.Row) with
        {
            Levers = [.. levers.Select(l => new LeverEffectRow(l.Lever.Id, Core.Words.LeverKind.Word(l.Lever.Kind), l.Factor, l.CostPerClipUsd, l.Lever.QualityNote, l.Lever.Provenance.Source))],
        }));
    }

    /// <summary>How many of the levers that matter most the economics list.</summary>
    public const int MostEffectiveLevers = 5;

    /// <summary>A problem of the scenario as a whole, placed in the scenario's source (its file or upload name).</summary>
    internal static Problem Located(Problem problem, string source) => problem.Location is null ? problem with { Location = new SourceLocation(source) } : problem;

    internal static EconomicsResponse Response(EconomicsResult r, SimulatedDayRow? day)
    {
        ArgumentNullException.ThrowIfNull(r);
        var v = r.ValueChain;
        return new EconomicsResponse
        {
            Scenario = r.Scenario.Name,
            Description = r.Scenario.Description,
            HorizonDays = r.Scenario.HorizonDays,
            AboveWall = r.AboveWall,
            Figures = new EconomicsFigures
            {
                ClipsPerDay = r.ClipsPerDay,
                GpuHoursPerDay = r.GpuHoursPerDay,
                BlendedUsdPerGpuHour = r.BlendedUsdPerGpuHour,
                ComputeCostPerClipUsd = r.ComputeCostPerClipUsd,
                OtherCostPerClipUsd = r.OtherCostPerClipUsd,
                CostPerClipUsd = r.CostPerClipUsd,
                RevenuePerClipUsd = r.RevenuePerClipUsd,
                ComputeCostUsdPerDay = r.ComputeCostUsdPerDay,
                AnnualComputeCostUsd = r.AnnualComputeCostUsd,
                OtherCostsUsdPerDay = r.OtherCostsUsdPerDay,
                RevenueUsdPerDay = r.RevenueUsdPerDay,
                GrossProfitUsdPerDay = r.GrossProfitUsdPerDay,
                GrossMargin = r.GrossMargin,
                GrossMarginReason = r.GrossMarginReason,
                HorizonGrossProfitUsd = r.GrossProfitUsdPerDay * r.Scenario.HorizonDays,
                BreakEvenPricePerClipUsd = r.BreakEvenPricePerClipUsd,
                EfficiencyGainNeeded = r.EfficiencyGainNeeded,
                EfficiencyGainNeededReason = r.EfficiencyGainNeededReason,
                EnergyKwhPerClip = r.EnergyKwhPerClip,
                EnergyKwhPerDay = r.EnergyKwhPerDay,
                ContinuousMw = r.ContinuousMegawatts,
                AverageGpus = r.BuildOut.AverageGpus,
                BuildOutReplicas = r.BuildOut.Replicas,
                BuildOutGpus = r.BuildOut.Gpus,
                BuildOutMw = r.BuildOut.Megawatts,
                BuildOutCapexUsd = r.BuildOut.CapexUsd,
                BuildOutCapexReason = r.BuildOut.CapexUsd is null ? "no GPU purchase price: give value_chain.gpu_capex_usd" : null,
            },
            PriceBasis = r.PriceBasis,
            PriceParts = [.. r.PriceParts.Select(p => new PricePartRow(p.Capacity, p.Share, p.UsdPerGpuHour, p.Source))],
            ClipMix = [.. r.Mix.Select(m => new ClipMixRow
            {
                Share = m.Item.Share,
                Width = m.Item.WidthPixels,
                Height = m.Item.HeightPixels,
                Seconds = m.Item.Seconds,
                Fps = m.Item.FramesPerSecond,
                Frames = m.Frames,
                Steps = m.Item.Steps,
                LatencyS = m.LatencySeconds,
                GpuSeconds = m.GpuSeconds,
                EnergyKwh = m.EnergyKwh,
                ComputeCostUsd = m.ComputeCostUsd,
                PeakMemoryBytes = m.PeakMemoryBytes,
            })],
            Tiers = [.. r.Tiers.Select(t => new TierRow(t.Tier, t.Plan, t.Users, t.ClipsPerDay, t.RevenueUsdPerDay))],
            PlanBreakEvens = [.. r.PlanBreakEvens.Select(b => new PlanBreakEvenRow(b.Plan, b.UsdPerMonth, b.BreakEvenClipsPerMonth, b.ClipsPerSubscriberPerMonth))],
            ValueChain = new ValueChainResponse
            {
                ChipVendorGrossProfitUsdPerDay = v.ChipVendorGrossProfitUsdPerDay,
                ChipVendorCostOfGoodsUsdPerDay = v.ChipVendorCostUsdPerDay,
                CloudUsdPerDay = r.Scenario.Capacity.Owned ? null : v.CloudUsdPerDay,
                EnergyUsdPerDay = v.EnergyUsdPerDay,
                OtherCostsUsdPerDay = v.OtherCostsUsdPerDay,
                AppMarginUsdPerDay = v.AppMarginUsdPerDay,
                SharesOf = v.SharesOf,
                TotalUsdPerDay = v.TotalUsdPerDay,
                Segments = [.. v.Segments.Select(s => new ValueChainSegmentRow(s.Key, s.Label, s.UsdPerDay, s.Share))],
                GpuCapexUsd = v.GpuCapexUsd,
                AmortizationYears = r.Scenario.ValueChain.AmortizationYears,
                ChipVendorGrossMargin = r.Scenario.ValueChain.ChipVendorGrossMargin,
                CapexSource = v.CapexSource,
            },
            ApiComparisonRule = ApiResolution.Rule,
            Apis = [.. r.Apis.Select(a => new ApiRow
            {
                Provider = a.Provider,
                Model = a.Model,
                Resolution = a.Resolution,
                UsdPerVideoSecond = a.UsdPerVideoSecond,
                PriceUsdPerClip = a.PriceUsdPerClip,
                ImpliedGrossMargin = a.ImpliedGrossMargin,
                AsOf = a.Provenance.AsOf,
                Source = a.Provenance.Source,
                Comparable = a.Comparable,
                ClipMixIndex = a.ClipMixIndex,
                ClipSeconds = a.ClipSeconds,
                OurCostPerClipUsd = a.OurCostPerClipUsd,
                NotComparableReason = a.NotComparableReason,
            })],
            SimulatedDay = day,
            Notes = r.Notes,
        };
    }

    /// <summary>A scenario with its economics, for the use cases that build on them (report).</summary>
    internal sealed record Evaluated(Scenario Scenario, EconomicsResult Result, EconomicsResponse Response);
}
