using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace InferenceWall.Application.Case;

/// <summary>
/// The Sora case: every figure with its unit, whether it is an input (with its source) or derived (with its formula),
/// and the same clip priced on the catalog's open models. Each figure's value also appears at the top level under its
/// key (<c>clips_per_day</c>, <c>annual_compute_cost_usd</c>), as the figures' keys are stable.
/// </summary>
public sealed record CaseResponse
{
    public required ImmutableArray<CaseFigureRow> Figures { get; init; }
    public required string OpenModelsBasis { get; init; }
    public required ImmutableArray<OpenModelRow> OpenModels { get; init; }

    /// <summary>Each figure's value under its key, written at the top level of the JSON object.</summary>
    [JsonExtensionData]
    public Dictionary<string, object> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>A figure's value by key.</summary>
    public double this[string key] => Figures.First(f => f.Key == key).Value;
}

/// <param name="Kind"><c>input</c> (from a source) or <c>derived</c> (by a formula).</param>
/// <param name="Basis">For an input, its source; for a derived figure, its formula.</param>
public sealed record CaseFigureRow(string Key, string Label, double Value, string Unit, string Kind, string Basis);

/// <summary>The clip on one open model, or why it cannot be costed there.</summary>
public sealed record OpenModelRow(string Model, double? LatencyS, double? GpuSeconds, double? CostUsd, double? VersusSoraEstimate, string? Refusal);
