using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Tests.Economics;

public sealed class ScenarioRulesTests
{
    private static Scenario Valid() => new()
    {
        Name = "s",
        Product = new ProductSpec
        {
            Model = "wan2.1-t2v-14b",
            Gpu = "H100-SXM",
            ClipMix = [new ClipMixItem { Share = 1, WidthPixels = 1280, HeightPixels = 720, Seconds = 5, FramesPerSecond = 16 }],
        },
        Capacity = new CapacitySpec { Provider = "lambda" },
        Users = [new UserTier { Tier = "t", Users = 10, ClipsPerUserPerDay = 1, Plan = "p" }],
        Plans = [new PricingPlan { Name = "p", Kind = PlanKind.PerClip, UsdPerClip = 1 }],
    };

    [Fact]
    public void Check_ValidScenario_NoProblems() => Assert.Empty(ScenarioRules.Check(Valid()));

    [Fact]
    public void Check_ValuesAChangedFieldCouldTake_AllReportedWithPaths()
    {
        var s = Valid() with
        {
            Product = Valid().Product with { Utilization = -0.5, ClipMix = [Valid().Product.ClipMix[0] with { Steps = 0 }] },
            Energy = new EnergySpec { Pue = 0.9 },
            Capacity = new CapacitySpec { Provider = "lambda", OnDemandUsdPerGpuHour = -1 },
            Users = [Valid().Users[0] with { Users = -3 }],
        };
        var paths = ScenarioRules.Check(s).Select(p => p.Path).ToList();
        Assert.Contains("product.utilization", paths);
        Assert.Contains("product.clip_mix[0].steps", paths);
        Assert.Contains("energy.pue", paths);
        Assert.Contains("capacity.usd_per_gpu_hour.on_demand", paths);
        Assert.Contains("users[0].users", paths);
    }

    [Fact]
    public void Check_StepsPastTheLimit_LimitExceededWithTheLimitInTheFix()
    {
        var s = Valid() with { Product = Valid().Product with { ClipMix = [Valid().Product.ClipMix[0] with { Steps = 1_073_741_824 }] } };
        var p = Assert.Single(ScenarioRules.Check(s));
        Assert.Equal(ProblemKind.LimitExceeded, p.Kind);
        Assert.Contains("10,000", p.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RequiredPriceMissingForKind_Reported()
    {
        var s = Valid() with { Plans = [new PricingPlan { Name = "p", Kind = PlanKind.PerSecond }] };
        Assert.Contains(ScenarioRules.Check(s), p => p.Path == "pricing[0].usd_per_video_second");
    }

    [Fact]
    public void Check_DuplicateSimulationTier_Reported()
    {
        var s = Valid() with { Simulation = new SimulationSettings { Tiers = [new TierSettings { Tier = "t" }, new TierSettings { Tier = "t" }] } };
        Assert.Contains(ScenarioRules.Check(s), p => p.Path == "simulation.tiers[1].tier" && p.Message.Contains("twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_NaNFromAnAnalysis_Refused()
    {
        var s = Valid() with { Product = Valid().Product with { Utilization = double.NaN } };
        Assert.Contains(ScenarioRules.Check(s), p => p.Path == "product.utilization");
    }

    [Fact]
    public void Check_DollarFigureNearTheLargestDouble_LimitExceededNotAnInfiniteDay()
    {
        // Found by the scenario fuzz test: fixed_usd_per_day of 1e308 passed and the year's cost overflowed to infinity.
        var s = Valid() with { OtherCosts = new OtherCosts { FixedUsdPerDay = 1e308 } };
        var p = Assert.Single(ScenarioRules.Check(s));
        Assert.Equal(ProblemKind.LimitExceeded, p.Kind);
        Assert.Equal("other_costs.fixed_usd_per_day", p.Path);
    }

    [Fact]
    public void Check_PriceOfAnotherPlanKind_RefusedNotIgnored()
    {
        var s = Valid() with { Plans = [new PricingPlan { Name = "p", Kind = PlanKind.Free, UsdPerClip = 5 }] };
        Assert.Contains(ScenarioRules.Check(s), p => p.Path == "pricing[0].usd_per_clip" && p.Message.Contains("does not apply to kind free", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_OwnedFleetWithAProvider_Refused()
    {
        // Before: the provider was dropped silently and the cost fell from $3.01 to $0.88 per clip.
        var s = Valid() with { Capacity = new CapacitySpec { Provider = "lambda", Owned = true } };
        Assert.Contains(ScenarioRules.Check(s), p => p.Path == "capacity.owned");
    }

    [Fact]
    public void Check_TargetUtilizationAbove100Percent_Refused()
    {
        var s = Valid() with { Simulation = new SimulationSettings { Autoscaler = new AutoscalerSettings { Target = 2 } } };
        Assert.Contains(ScenarioRules.Check(s), p => p.Path == "simulation.autoscaler.target");
        var queue = Valid() with { Simulation = new SimulationSettings { Autoscaler = new AutoscalerSettings { Policy = AutoscalePolicy.QueueLength, Target = 2 } } };
        Assert.Empty(ScenarioRules.Check(queue));
    }

    [Fact]
    public void Evaluate_NoClipsAtAll_InfeasibleNotAContradictoryWall()
    {
        var s = Valid() with { Users = [Valid().Users[0] with { ClipsPerUserPerDay = 0 }] };
        var (result, problems) = UnitEconomics.Evaluate(s, EmbeddedData.Catalog(), InferenceWall.Core.Cost.CostCalibration.Shipped());
        Assert.Null(result);
        Assert.Equal(ProblemKind.Infeasible, Assert.Single(problems).Kind);
    }

    [Fact]
    public void Check_LoadBandwidthOutOfRange_ReportedInGbps()
    {
        var zero = Assert.Single(ScenarioRules.Check(Valid() with { Simulation = new SimulationSettings { LoadGbps = 0 } }));
        Assert.Equal(("simulation.load_gbps", ProblemKind.BadInput), (zero.Path, zero.Kind));
        Assert.Contains("GB/s", zero.Text, StringComparison.Ordinal);

        var huge = Assert.Single(ScenarioRules.Check(Valid() with { Simulation = new SimulationSettings { LoadGbps = 5_000 } }));
        Assert.Equal(("simulation.load_gbps", ProblemKind.LimitExceeded), (huge.Path, huge.Kind));
        Assert.Empty(ScenarioRules.Check(Valid() with { Simulation = new SimulationSettings { LoadGbps = 3.5 } }));
    }

    [Fact]
    public void Check_EmptyStack_Reported()
    {
        var s = Valid();
        var problem = Assert.Single(ScenarioRules.Check(s with { Product = s.Product with { Stack = " " } }));
        Assert.Equal("product.stack", problem.Path);
        Assert.Empty(ScenarioRules.Check(s with { Product = s.Product with { Stack = "xdit", Compiled = true } }));
    }

    [Fact]
    public void Evaluate_UnknownStack_NotFoundAtProductStackWithTheNearest()
    {
        var s = Valid();
        var catalog = EmbeddedData.Catalog() with
        {
            Stacks = [new Core.Catalog.StackProfile { Id = "xdit", Provenance = new Core.Catalog.Provenance("test", "2026-12", "stacks.csv") }],
        };

        var (result, problems) = UnitEconomics.Evaluate(s with { Product = s.Product with { Stack = "xdti" } }, catalog, InferenceWall.Core.Cost.CostCalibration.Shipped());

        Assert.Null(result);
        var problem = Assert.Single(problems);
        Assert.Equal(("product.stack", ProblemKind.NotFound), (problem.Path, problem.Kind));
        Assert.Contains("'xdit'", problem.Message, StringComparison.Ordinal);
        Assert.Empty(UnitEconomics.Evaluate(s with { Product = s.Product with { Stack = "xdit" } }, catalog, InferenceWall.Core.Cost.CostCalibration.Shipped()).Problems);
    }
}
