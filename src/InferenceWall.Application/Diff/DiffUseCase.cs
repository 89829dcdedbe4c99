using InferenceWall.Application.Economics;
using InferenceWall.Core.Economics;
using InferenceWall.Scenarios;

namespace InferenceWall.Application.Diff;

/// <summary>What changed between two scenarios, field by field, and what it does to cost, latency and margin.</summary>
public static class DiffUseCase
{
    public static Outcome<DiffResponse> Run(DiffRequest request, EngineData data)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(request.A);
        ArgumentNullException.ThrowIfNull(request.B);
        var a = EconomicsUseCase.Evaluate(request.A, data, null);
        var b = EconomicsUseCase.Evaluate(request.B, data, null);
        if (!a.IsOk || !b.IsOk)
        {
            return Outcome<DiffResponse>.Fail(a.Problems.Concat(b.Problems).Distinct());
        }

        var fa = ScenarioFlattener.Flatten(request.A.Yaml);
        var fb = ScenarioFlattener.Flatten(request.B.Yaml);
        var changes = fa.Keys.Union(fb.Keys).Order(StringComparer.Ordinal)
            .Select(k => new FieldChange(k, fa.GetValueOrDefault(k), fb.GetValueOrDefault(k)))
            .Where(c => !Same(c.A, c.B))
            .ToList();
        var ra = a.Value!.Result;
        var rb = b.Value!.Result;
        return Outcome<DiffResponse>.Ok(new DiffResponse
        {
            A = request.A.Name,
            B = request.B.Name,
            Changes = [.. changes],
            Effects = new DiffEffects
            {
                CostPerClipUsd = Effect(ra.CostPerClipUsd, rb.CostPerClipUsd),
                LatencyS = Effect(Latency(ra), Latency(rb)),
                RevenuePerClipUsd = Effect(ra.RevenuePerClipUsd, rb.RevenuePerClipUsd),
                GrossMargin = Effect(ra.GrossMargin, rb.GrossMargin, ra.GrossMarginReason, rb.GrossMarginReason),
                DailyBurnUsd = Effect(ra.ComputeCostUsdPerDay + ra.OtherCostsUsdPerDay, rb.ComputeCostUsdPerDay + rb.OtherCostsUsdPerDay),
                GrossProfitUsdPerDay = Effect(ra.GrossProfitUsdPerDay, rb.GrossProfitUsdPerDay),
                EfficiencyGainNeeded = Effect(ra.EfficiencyGainNeeded, rb.EfficiencyGainNeeded, ra.EfficiencyGainNeededReason, rb.EfficiencyGainNeededReason),
                GpuHoursPerDay = Effect(ra.GpuHoursPerDay, rb.GpuHoursPerDay),
            },
        });
    }

    private static double Latency(EconomicsResult r) => r.Mix.Sum(m => m.Item.Share * m.LatencySeconds);

    private static DiffEffect Effect(double? a, double? b, string? whyA = null, string? whyB = null)
    {
        var why = (a is null ? $"a: {whyA}" : null, b is null ? $"b: {whyB}" : null) switch
        {
            (null, null) => null,
            ({ } x, null) => x,
            (null, { } y) => y,
            ({ } x, { } y) => $"{x}; {y}",
        };
        return a is { } x2 && b is { } y2
            ? new DiffEffect(a, b, y2 - x2, x2 != 0 ? (y2 - x2) / Math.Abs(x2) : null, null)
            : new DiffEffect(a, b, null, null, why);
    }

    /// <summary>Two field values are the same when their texts are, or both read as the same number (0.40 and 0.4).</summary>
    private static bool Same(string? a, string? b) =>
        a == b || (a is not null && b is not null
            && double.TryParse(a, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x)
            && double.TryParse(b, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var y)
            && x.Equals(y));
}
