using InferenceWall.Analysis.Studies;
using InferenceWall.Application.CapacitySearch;
using InferenceWall.Application.Case;
using InferenceWall.Application.Economics;
using InferenceWall.Application.Estimate;
using InferenceWall.Application.Json;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Application.Optimize;
using InferenceWall.Application.Sensitivity;
using InferenceWall.Application.Simulate;
using InferenceWall.Application.Sweep;

namespace InferenceWall.Application.Runs;

/// <summary>What a computed run gives: the response as the CLI's <c>--format json</c> writes it, and its summary.</summary>
public sealed record RunAnswer(string ResultJson, RunSummary Summary);

/// <summary>
/// Computes a planned run with the use case of its kind. The result is the same JSON the CLI writes for that kind
/// with <c>--format json</c> (for <c>simulate</c>, the simulated day or the M/M/c run, as the CLI writes it).
/// Progress is reported as a share done, 0 to 1. Cancelling throws <see cref="OperationCanceledException"/>.
/// </summary>
public static class RunExecutor
{
    public static Outcome<RunAnswer> Execute(RunPlan plan, EngineData data, IProgress<double>? progress = null, TimeProvider? clock = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(data);
        var share = progress is null ? null : new Share(progress);
        cancel.ThrowIfCancellationRequested();
        var answer = plan.Request switch
        {
            EstimateRequest r => Of(EstimateUseCase.Run(r, data)),
            CaseRequest r => Of(CaseUseCase.Run(r, data)),
            EconomicsRequest r => Of(EconomicsUseCase.Run(r, data)),
            SimulateRequest r => Of(SimulateUseCase.Run(r, data, progress, clock, cancel)),
            SweepRequest r => Of(SweepUseCase.Run(r, data, share, cancel)),
            SensitivityRequest r => Of(SensitivityUseCase.Run(r, data, cancel)),
            MonteCarloRequest r => Of(MonteCarloUseCase.Run(r, data, share, cancel)),
            OptimizeRequest r => Of(OptimizeUseCase.Run(r, data, share, cancel)),
            CapacitySearchRequest r => Of(CapacitySearchUseCase.Run(r, data, progress, cancel)),
            _ => throw new ArgumentException($"a run plan holds an unknown request type {plan.Request.GetType().Name}", nameof(plan)),
        };
        cancel.ThrowIfCancellationRequested();
        return answer;
    }

    /// <summary>A response a front end computed itself (the CLI's <c>--save</c>) as a run's answer: its JSON and summary.</summary>
    public static RunAnswer Answer(object response) => response switch
    {
        EstimateResponse r => new(ContractJson.Serialize(r), Summarize(r)),
        CaseResponse r => new(ContractJson.Serialize(r), Summarize(r)),
        EconomicsResponse r => new(ContractJson.Serialize(r), Summarize(r)),
        SimulateResponse { Mmc: { } mmc } => new(ContractJson.Serialize(mmc), RunSummary.None),
        SimulateResponse { Day: { } day } => new(ContractJson.Serialize(day), Summarize(day)),
        SweepResponse r => new(ContractJson.Serialize(r), RunSummary.None),
        SensitivityResponse r => new(ContractJson.Serialize(r), Summarize(r)),
        MonteCarloResponse r => new(ContractJson.Serialize(r), Summarize(r)),
        OptimizeResponse r => new(ContractJson.Serialize(r), Summarize(r)),
        CapacitySearchResponse r => new(ContractJson.Serialize(r), RunSummary.None),
        _ => throw new ArgumentException($"{response.GetType().Name} is not the response of a run kind", nameof(response)),
    };

    private static Outcome<RunAnswer> Of<T>(Outcome<T> outcome)
        where T : class => outcome.IsOk ? Outcome<RunAnswer>.Ok(Answer(outcome.Value!)) : outcome.As<RunAnswer>();

    private static RunSummary Summarize(SimulatedDay day) => new()
    {
        CostPerClipUsd = day.RealizedCostPerClipUsd,
        P90LatencyS = day.LatencySeconds.P90,
        SloAttainment = day.SloAttainment,
        DailyCostUsd = day.DurationS > 0 ? day.CostUsd * 86_400 / day.DurationS : null,
    };

    private static RunSummary Summarize(EstimateResponse r) => new() { CostPerClipUsd = r.CostUsd, P90LatencyS = r.LatencyS };

    private static RunSummary Summarize(CaseResponse r) =>
        new() { CostPerClipUsd = r["cost_per_clip_usd"], DailyCostUsd = r["daily_compute_cost_usd"], GrossMargin = r["api_gross_margin"], AboveWall = r["api_gross_margin"] < 0 };

    private static RunSummary Summarize(EconomicsResponse r) => new()
    {
        CostPerClipUsd = r.Figures.CostPerClipUsd,
        GrossMargin = r.Figures.GrossMargin,
        DailyCostUsd = r.Figures.ComputeCostUsdPerDay,
        AboveWall = r.AboveWall,
    };

    private static RunSummary Summarize(SensitivityResponse r) => new() { CostPerClipUsd = r.BaseCostPerClipUsd, GrossMargin = r.BaseGrossMargin };

    private static RunSummary Summarize(MonteCarloResponse r) => new()
    {
        CostPerClipUsd = r.CostPerClipUsd.P50,
        GrossMargin = r.GrossMargin?.P50,
        DailyCostUsd = r.DailyBurnUsd.P50,
    };

    private static RunSummary Summarize(OptimizeResponse r) => new()
    {
        CostPerClipUsd = r.Best.CostPerClipUsd,
        P90LatencyS = r.Best.LatencyS,
        DailyCostUsd = r.Best.DailyCostUsd,
    };

    /// <summary>Points, samples or options done as a share of the total.</summary>
    private sealed class Share(IProgress<double> progress) : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value) => progress.Report(value.Total > 0 ? (double)value.Done / value.Total : 0);
    }
}
