using System.Collections.Immutable;
using System.Text.Json.Serialization;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Optimize;

/// <summary>The cheapest option meeting the SLO, the next five, and for each other GPU why it lost.</summary>
public sealed record OptimizeResponse
{
    public required string Scenario { get; init; }
    public required int Evaluated { get; init; }
    public required double SloS { get; init; }

    /// <summary>The scenario's steps when every clip has the same; null when they differ by clip.</summary>
    public int? ScenarioSteps { get; init; }
    public required OptionResponse Best { get; init; }
    public required ImmutableArray<OptionResponse> RunnersUp { get; init; }
    public required ImmutableArray<OptionResponse> WhyOthersLost { get; init; }

    /// <summary>Options lost, by reason word (noprice, memory, unsupported, slo, price).</summary>
    public required IReadOnlyDictionary<string, int> LossCounts { get; init; }

    /// <summary>When <see cref="Best"/> changes the steps (a quality change): the cheapest that keeps the scenario's; null otherwise or if none meets the SLO.</summary>
    public OptionResponse? BestAtScenarioSteps { get; init; }

    /// <summary>What the best option's price does not say by itself: a different step count, an undated quote, preemptible capacity.</summary>
    public required ImmutableArray<string> Caveats { get; init; }

    /// <summary>With simulate: the cheapest options re-ranked by their simulated days; null without.</summary>
    public SimulatedRankingResponse? Simulated { get; init; }

    /// <summary>Every other option, for CSV rows (not part of the JSON).</summary>
    [JsonIgnore]
    public ImmutableArray<OptionResponse> Lost { get; init; } = [];
}

/// <summary>One option and its figures; the figures are null when it cannot serve (see <see cref="Reason"/>, <see cref="Detail"/>, <see cref="Problems"/>).</summary>
public sealed record OptionResponse
{
    public required string Gpu { get; init; }
    public required string Provider { get; init; }
    public required CapacityClass Capacity { get; init; }
    public required int Gpus { get; init; }
    public required int Ulysses { get; init; }
    public required int CfgParallel { get; init; }

    /// <summary>Null: each clip keeps the scenario's steps (they differ by clip).</summary>
    public int? Steps { get; init; }
    public double? LatencyS { get; init; }
    public double? CostPerClipUsd { get; init; }
    public double? DailyCostUsd { get; init; }
    public double? FleetGpus { get; init; }

    /// <summary>none, noprice, memory, unsupported, slo or price.</summary>
    public required string Reason { get; init; }
    public required string Detail { get; init; }

    /// <summary>The physics levers applied on top of the deployment (optimize --levers); empty without them.</summary>
    public ImmutableArray<string> Levers { get; init; } = [];

    /// <summary>The catalog quote the option is priced at; null without one.</summary>
    public QuoteResponse? Quote { get; init; }

    /// <summary>Why the option cannot serve, in full (empty when it can).</summary>
    public ImmutableArray<Problem> Problems { get; init; } = [];

    /// <summary>The option in words, as the tables show it.</summary>
    [JsonIgnore]
    public string Label { get; init; } = string.Empty;
}

/// <summary>A catalog price quote: whose, which SKU, the price, when (<see cref="Dated"/> false when <see cref="AsOf"/> names no date) and where from.</summary>
public sealed record QuoteResponse
{
    public required string ProviderName { get; init; }
    public required string Sku { get; init; }
    public required string Region { get; init; }
    public required string PricingModel { get; init; }
    public required double UsdPerGpuHour { get; init; }
    public required string AsOf { get; init; }
    public required bool Dated { get; init; }
    public required string Source { get; init; }
}

/// <summary>The analytic ranking's cheapest options, each simulated for a day and re-ranked.</summary>
public sealed record SimulatedRankingResponse
{
    /// <summary>The day seed every candidate used.</summary>
    public required ulong Seed { get; init; }
    public required double AttainmentTarget { get; init; }

    /// <summary>Options the analytic ranking found feasible; <see cref="Candidates"/> holds the cheapest of them.</summary>
    public required int Feasible { get; init; }

    /// <summary>The cheapest candidate that met the attainment target; null when none did.</summary>
    public SimulatedOptionResponse? Best { get; init; }

    /// <summary>Every simulated candidate: those meeting the target by realized cost, then the rest by attainment.</summary>
    public required ImmutableArray<SimulatedOptionResponse> Candidates { get; init; }
    public required string Note { get; init; }
}

/// <summary>One simulated candidate: the option, its analytic figures and its simulated day's.</summary>
public sealed record SimulatedOptionResponse
{
    public required OptionResponse Option { get; init; }

    /// <summary>Its place in the analytic ranking (1: the cheapest).</summary>
    public required int AnalyticRank { get; init; }
    public double? RealizedCostPerClipUsd { get; init; }
    public double? SloAttainment { get; init; }
    public double? LatencyP90S { get; init; }
    public double? Utilization { get; init; }
    public required bool MeetsSlo { get; init; }

    /// <summary>Why its day has no figures; empty when it has.</summary>
    public ImmutableArray<Problem> Problems { get; init; } = [];
}
