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

    /// <summary>How far today's published levers take the $1.30 estimate, measured on an open model; null when that model cannot be priced.</summary>
    public CaseLevers? Levers { get; init; }

    /// <summary>Each figure's value under its key, written at the top level of the JSON object.</summary>
    [JsonExtensionData]
    public Dictionary<string, object> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>A figure's value by key.</summary>
    public double this[string key] => Figures.First(f => f.Key == key).Value;
}

/// <param name="Kind"><c>input</c> (from a source) or <c>derived</c> (by a formula).</param>
/// <param name="Basis">For an input, its source; for a derived figure, its formula.</param>
public sealed record CaseFigureRow(string Key, string Label, double Value, string Unit, string Kind, string Basis);

/// <summary>
/// The levers on the case: the best lever sets (levers.csv) priced on an open model's 10-second clip, their factor
/// applied to the analyst's $1.30 estimate, against the API price and the app's revenue per clip.
/// </summary>
/// <param name="Basis">The open model and deployment the factors were measured on, and the assumption that carries them to Sora 2.</param>
public sealed record CaseLevers(string Basis, double OpenModelCostPerClipUsd, ImmutableArray<CaseLeverSet> Sets);

/// <summary>One lever set: its factor on the open model, the Sora estimate after it, and what is left to gain.</summary>
/// <param name="Levers">The lever ids, in the order applied.</param>
/// <param name="Factor">Cost per clip after ÷ before, on the open model.</param>
/// <param name="SoraCostPerClipUsd">$1.30 × the factor.</param>
/// <param name="CrossesApiPrice">Whether that is at or under the API's $1.00 per clip.</param>
/// <param name="GainStillNeededForAppRevenue">How many times cheaper still to meet the app's revenue per clip (1 when met).</param>
/// <param name="UnpublishedQuality">Levers in the set without a published quality figure.</param>
public sealed record CaseLeverSet(string Label, ImmutableArray<string> Levers, double Factor, double SoraCostPerClipUsd, bool CrossesApiPrice, double GainStillNeededForAppRevenue, int UnpublishedQuality);

/// <summary>The clip on one open model, or why it cannot be costed there.</summary>
public sealed record OpenModelRow(string Model, double? LatencyS, double? GpuSeconds, double? CostUsd, double? VersusSoraEstimate, string? Refusal);
