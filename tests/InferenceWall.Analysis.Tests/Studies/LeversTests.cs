using InferenceWall.Analysis.Studies;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;

namespace InferenceWall.Analysis.Tests.Studies;

/// <summary>The lever walk and search (issue 11): factors through the cost model, physics floors, combination rules.</summary>
public sealed class LeversTests
{
    private static readonly VideoCatalog Catalog = EmbeddedData.Catalog();
    private static readonly CostCalibration Calibration = CostCalibration.Shipped();

    private static Scenario Load(string file) => Tests.ShippedScenarios.Load(file);

    public static TheoryData<string> ShippedScenarios() =>
        [.. Directory.GetFiles(RepoPaths.Of("scenarios"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static LeverSpec Lever(string id) => Catalog.FindLever(id).Value ?? throw new InvalidOperationException(id);

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void Walk_EveryLeverOnEveryShippedScenario_NeverBeatsItsPhysicsFloor(string file)
    {
        var scenario = Load(file);
        var applied = 0;
        foreach (var lever in Catalog.Levers)
        {
            var (walk, problems) = Levers.Walk(scenario, [lever], Catalog, Calibration);
            Assert.True(walk is not null, string.Join("; ", problems.Select(p => p.Text)));
            var step = Assert.Single(walk.Steps);
            if (step.Refusal is not null)
            {
                Assert.Equal(1.0, step.Factor);
                continue;
            }

            applied++;
            Assert.True(step.Factor >= step.Bound * (1 - 1e-9), $"{file} {lever.Id}: factor {step.Factor} under its floor {step.Bound}");
            Assert.Equal(Levers.Bound(lever, scenario, Catalog, Calibration), step.Bound);
            // A physics lever cuts work: it cannot make a clip dearer than it was by more than rounding.
            if (lever.Kind is LeverKind.Distill or LeverKind.CfgOff or LeverKind.StepCache or LeverKind.SparseAttention)
            {
                Assert.True(step.Factor < 1, $"{file} {lever.Id}: factor {step.Factor}");
            }
        }

        Assert.True(applied > 0, $"{file}: no lever applied");
    }

    [Fact]
    public void Walk_AllLevers_CumulativeCostIsTheStartTimesTheFactors()
    {
        var scenario = Load("startup-720p-h100.yaml");

        var (walk, _) = Levers.Walk(scenario, Catalog.Levers, Catalog, Calibration);

        var product = walk!.Start.CostPerClipUsd;
        foreach (var step in walk.Steps)
        {
            product *= step.Factor;
            Assert.Equal(product, step.CostPerClipUsd, 1e-9 * product);
        }

        Assert.Equal(walk.End.CostPerClipUsd, product, 1e-9 * product);
        Assert.Contains(walk.Steps, s => s.Refusal is null);
        Assert.Contains(walk.Steps, s => s.Refusal is not null);
    }

    [Fact]
    public void Apply_CombinationRules_RefuseWithTheReason()
    {
        var scenario = Load("startup-720p-h100.yaml");
        var teacache = Lever("teacache-wan21-14b");
        var magcache = Lever("magcache-wan21-14b");
        var distill = Lever("distill-lightx2v-4step");

        // Two step caches do not stack; a cache excludes the other by its source's rule too.
        Assert.Contains("two do not stack", Levers.Apply(scenario, magcache, [teacache], Catalog).Refusal, StringComparison.Ordinal);
        // A 4-step model leaves a 50-step cache nothing to skip, in either order.
        var distilled = Levers.Apply(scenario, distill, [], Catalog).Scenario!;
        Assert.Contains("measured it on 50 or more steps; the scenario runs 4", Levers.Apply(distilled, teacache, [distill], Catalog).Refusal, StringComparison.Ordinal);
        Assert.Contains("leaves little for it to skip", Levers.Apply(scenario, distill, [teacache], Catalog).Refusal, StringComparison.Ordinal);
        // A lever for another model, and an excluded pair.
        Assert.Contains("exists for wan2.1-t2v-1.3b only", Levers.Apply(scenario, Lever("self-forcing-4step"), [], Catalog).Refusal, StringComparison.Ordinal);
        Assert.Contains("does not combine with vsa-wan21-14b", Levers.Apply(scenario, Lever("sage2"), [Lever("vsa-wan21-14b")], Catalog).Refusal, StringComparison.Ordinal);
        // An owned fleet has no cloud price for a price lever to change.
        Assert.Contains("the fleet is owned", Levers.Apply(Load("enterprise-vfx.yaml"), Lever("spot"), [], Catalog).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_DistilledVariant_SetsItsStepsAndRemovesGuidance()
    {
        var scenario = Load("startup-720p-h100.yaml");

        var distilled = Levers.Apply(scenario, Lever("distill-lightx2v-4step"), [], Catalog).Scenario!;

        Assert.All(distilled.Product.ClipMix, m => Assert.Equal((4, (bool?)false), (m.Steps!.Value, m.Cfg)));
        Assert.Equal(0.04, Levers.Bound(Lever("distill-lightx2v-4step"), scenario, Catalog, Calibration), 12); // 4 of 50 steps, one branch of two
    }

    [Fact]
    public void Search_Startup_CrossingSetsAreUnderTheWallAndRankedByQualityCost()
    {
        var scenario = Load("startup-720p-h100.yaml");

        var (search, _) = Levers.Search(scenario, Catalog.Levers, Catalog, Calibration);

        Assert.NotNull(search);
        Assert.NotEmpty(search.Crossing);
        Assert.All(search.Crossing, s => Assert.True(s.CostPerClipUsd <= search.RevenuePerClipUsd));
        for (var i = 1; i < search.Crossing.Length; i++)
        {
            var (a, b) = (search.Crossing[i - 1], search.Crossing[i]);
            Assert.True((a.UnpublishedQuality, a.PublishedQualityLoss).CompareTo((b.UnpublishedQuality, b.PublishedQualityLoss)) <= 0
                && (a.UnpublishedQuality != b.UnpublishedQuality || a.PublishedQualityLoss != b.PublishedQualityLoss || a.CostPerClipUsd <= b.CostPerClipUsd));
        }

        // The cheapest set is the cheapest of every set priced, and a walk of it lands on its cost.
        Assert.True(search.Cheapest!.CostPerClipUsd <= search.Crossing.Min(s => s.CostPerClipUsd) * (1 + 1e-9));
        var (walk, _) = Levers.Walk(scenario, search.Cheapest.Levers, Catalog, Calibration);
        Assert.Equal(search.Cheapest.CostPerClipUsd, walk!.End.CostPerClipUsd, 1e-9 * walk.End.CostPerClipUsd);
        Assert.True(search.SetsTried > search.SetsRefused);
    }

    [Fact]
    public void MostEffective_Startup_TheLargestCutsFirstEachAsAppliedAlone()
    {
        var scenario = Load("startup-720p-h100.yaml");

        var top = Levers.MostEffective(scenario, Catalog.Levers, Catalog, Calibration, 5);

        Assert.Equal(5, top.Length);
        Assert.All(top, s => Assert.Null(s.Refusal));
        for (var i = 1; i < top.Length; i++)
        {
            Assert.True(top[i - 1].Factor <= top[i].Factor);
        }

        // The first is the distilled model on this scenario's Wan2.1 14B, as its own walk prices it.
        Assert.Equal("distill-lightx2v-4step", top[0].Lever.Id);
        Assert.Equal(Levers.Walk(scenario, [top[0].Lever], Catalog, Calibration).Walk!.Steps[0].Factor, top[0].Factor);
    }

    [Fact]
    public void Optimizer_WithLeverSets_ChoosesALeveredDeploymentAndSaysSo()
    {
        var scenario = Load("startup-720p-h100.yaml");
        var physics = Catalog.Levers.Where(l => l.Kind is not (LeverKind.Gpu or LeverKind.Provider or LeverKind.Capacity)).ToList();
        var (sets, problems) = Levers.Cheapest(scenario, physics, Catalog, Calibration, 4);
        Assert.Empty(problems);
        Assert.Equal(4, sets.Length);
        Assert.Contains(sets, s => s.Levers.IsEmpty || s.CostPerClipUsd > 0);

        var plain = Optimizer.Run(scenario, 600, [50], [1, 4], Catalog, Calibration);
        var levered = Optimizer.Run(scenario, 600, [50], [1, 4], Catalog, Calibration, leverSets: [[], .. sets.Select(s => s.Levers)]);

        // More options, and a cheaper best one that names its levers and their quality caveat.
        Assert.True(levered.Evaluated > plain.Evaluated);
        Assert.True(levered.Best!.CostPerClipUsd < plain.Best!.CostPerClipUsd);
        Assert.NotEmpty(levered.Best.Option.Levers);
        Assert.Contains(" + ", levered.Best.Option.ToString(), StringComparison.Ordinal);
        Assert.True(levered.Caveats.Any(c => c.Contains("check its quality cost", StringComparison.Ordinal)) || levered.Best.Option.Levers.All(l => l.QualityDelta == 0));
    }

    [Fact]
    public void Walk_FullerFleet_CutsComputeByTheUtilizationRatioOnly()
    {
        var scenario = Load("startup-720p-h100.yaml");
        var fuller = new LeverSpec { Id = "u90", Kind = LeverKind.Utilization, Share = 0.9, QualityDelta = 0, QualityNote = "none", Provenance = new Provenance("test", "2026-12-01", "test") };

        var step = Levers.Walk(scenario, [fuller], Catalog, Calibration).Walk!.Steps.Single();

        Assert.Null(step.Refusal);
        Assert.Equal(0.6 / 0.9, step.Bound, 12);
        // Compute falls by 0.6 / 0.9; the small other costs per clip do not.
        Assert.InRange(step.Factor, step.Bound, 1);
    }

    [Fact]
    public void Search_NoRevenue_NoSetCrossesAndNoShortfall()
    {
        var (search, _) = Levers.Search(Load("sora-scale-day.yaml"), Catalog.Levers, Catalog, Calibration);

        Assert.Empty(search!.Crossing);
        Assert.Null(search.Shortfall);
        Assert.True(search.Cheapest!.CostPerClipUsd < 0.28);
    }

    [Fact]
    public void Batching_ComputeBoundStartup_RefusedBecauseItDoesNotPay()
    {
        var step = Levers.Walk(Load("startup-720p-h100.yaml"), [Lever("batch-4")], Catalog, Calibration).Walk!.Steps.Single();

        Assert.Equal(1.0, step.Factor);
        Assert.Contains("does not pay", step.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Batching_SmallModel_PaysAndStaysAboveItsFloor()
    {
        // The API reseller serves Wan2.1 1.3B: a small model whose per-block launches and weight reads a batch shares.
        var step = Levers.Walk(Load("api-reseller.yaml"), [Lever("batch-4")], Catalog, Calibration).Walk!.Steps.Single();

        Assert.Null(step.Refusal);
        Assert.InRange(step.Factor, step.Bound, 1 / ClipCosting.BatchingThreshold);
        Assert.True(step.Bound > 0.25, $"floor {step.Bound}: text encoding, decoding and overhead do not shrink with the batch");
    }

    [Fact]
    public void Batching_PastTheTightestSlo_Refused()
    {
        var scenario = Load("api-reseller.yaml");
        var tight = scenario with
        {
            Simulation = (scenario.Simulation ?? new SimulationSettings()) with { Tiers = [new TierSettings { Tier = scenario.Users[0].Tier, SloSeconds = 1 }] },
        };

        var step = Levers.Walk(tight, [Lever("batch-4")], Catalog, Calibration).Walk!.Steps.Single();

        Assert.Contains("tightest SLO of 1 s", step.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolution_Startup_GeneratesLowerPaysForTheUpscalerAndStaysAboveItsFloor()
    {
        var scenario = Load("startup-720p-h100.yaml");
        var walk = Levers.Walk(scenario, [Lever("gen-480p-seedvr2-3b")], Catalog, Calibration).Walk!;
        var step = walk.Steps.Single();

        Assert.Null(step.Refusal);
        Assert.InRange(step.Factor, step.Bound, 0.99);
        Assert.Equal("seedvr2-3b", walk.EndScenario.Product.Upscaler);
        // The 720p clips pay an upscale phase; the 480p ones are generated as delivered.
        var (economics, _) = UnitEconomics.Evaluate(walk.EndScenario, Catalog, Calibration, compareApis: false);
        Assert.NotNull(economics);
    }

    [Fact]
    public void Resolution_EveryClipAlreadyLow_Refused()
    {
        var scenario = Load("startup-720p-h100.yaml");
        var low = scenario with { Product = scenario.Product with { ClipMix = [.. scenario.Product.ClipMix.Select(m => m with { WidthPixels = 832, HeightPixels = 480 })] } };

        var step = Levers.Walk(low, [Lever("gen-480p-seedvr2-7b")], Catalog, Calibration).Walk!.Steps.Single();

        Assert.Contains("nothing to upscale", step.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Upscaler_UnknownInTheScenario_NotFoundAtItsPath()
    {
        var scenario = Load("startup-720p-h100.yaml");
        var bad = scenario with { Product = scenario.Product with { Upscaler = "seedvr9", GenerateHeightPixels = 480 } };

        var (economics, problems) = UnitEconomics.Evaluate(bad, Catalog, Calibration, compareApis: false);

        Assert.Null(economics);
        Assert.Contains(problems, p => p.Path == "product.upscaler" && p.Text.Contains("seedvr2", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_FewerGpus_PricedOrRefusedPastTheSlo()
    {
        var startup = Load("startup-720p-h100.yaml");

        var one = Levers.Walk(startup, [Lever("plan-1gpu")], Catalog, Calibration).Walk!.Steps.Single();
        var two = Levers.Walk(startup, [Lever("plan-2gpu")], Catalog, Calibration).Walk!.Steps.Single();
        var same = Levers.Walk(Load("api-reseller.yaml"), [Lever("plan-1gpu")], Catalog, Calibration).Walk!.Steps.Single();

        // On one GPU the 14B model at 720p takes past the scenario's 900 s SLO; on two it is a little cheaper (less
        // communication, fewer GPUs idle while one decodes).
        Assert.Contains("tightest SLO of 900 s", one.Refusal, StringComparison.Ordinal);
        Assert.Null(two.Refusal);
        Assert.InRange(two.Factor, 0.5, 1);
        Assert.Contains("already runs 1 GPU per clip", same.Refusal, StringComparison.Ordinal);
    }
}
