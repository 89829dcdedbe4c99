using InferenceWall.Core.Economics;

namespace InferenceWall.Core.Tests.Economics;

public class SoraCaseTests
{
    private static readonly SoraCaseResult Result = SoraCase.Run(new SoraCaseInputs(), Fixtures.Catalog, Fixtures.Calibration);

    [Fact]
    public void Run_ReproducesTheArticlesFigures()
    {
        // Issue 3's bars: clips/day within 2% of 11.5M, annual compute within 2% of $5.4B, $1.30 per clip.
        Assert.InRange(Result["clips_per_day"], 11.5e6 * 0.98, 11.5e6 * 1.02);
        Assert.InRange(Result["annual_compute_cost_usd"], 5.4e9 * 0.98, 5.4e9 * 1.02);
        Assert.Equal(1.30, Result["cost_per_clip_usd"]);
        Assert.Equal(2.56, Result["back_of_envelope_usd"], 12);
        // Forbes' "over 11 million" from 4.5M × 25% × 10.
        Assert.Equal(11.25e6, Result["usage_clips_per_day"], 3);
    }

    [Fact]
    public void Run_MarksInputsAndDerivedFigures()
    {
        Assert.True(Result.Figures.Single(f => f.Key == "cost_per_clip_usd").IsInput);
        Assert.False(Result.Figures.Single(f => f.Key == "clips_per_day").IsInput);
        Assert.All(Result.Figures, f => Assert.False(string.IsNullOrWhiteSpace(f.Basis)));
        Assert.Equal(Result.Figures.Length, Result.Figures.Select(f => f.Key).Distinct().Count());
    }

    [Fact]
    public void Run_ApiPriceLeavesNegativeMarginAndNamesTheWayAcross()
    {
        Assert.Equal(-0.30, Result["api_gross_margin"], 12);
        Assert.Equal(0.13, Result["break_even_usd_per_second"], 12);
        Assert.Equal(1.3, Result["efficiency_gain_needed_at_api_price"], 12);
    }

    [Fact]
    public void Run_ReconcilesTheLaterEstimate()
    {
        // $15M vs ~$1M a day: 4.5× fewer users × 3.25× fewer clips per user ≈ 14.6× of the 15× gap.
        Assert.Equal(4.5, Result["reconciliation_users_factor"], 12);
        Assert.Equal(3.25, Result["reconciliation_intensity_factor"], 12);
        Assert.Equal(15, Result["reconciliation_total_factor"], 12);
    }

    [Fact]
    public void Run_PricesOpenModelsWithThePhysics()
    {
        var wan = Result.OpenModels.Single(o => o.Model == "wan2.1-t2v-14b");
        Assert.NotNull(wan.CostUsd);
        Assert.True(wan.CostUsd > 0);
        Assert.Contains(Result.OpenModels, o => o.Refusal is not null);
    }
}
