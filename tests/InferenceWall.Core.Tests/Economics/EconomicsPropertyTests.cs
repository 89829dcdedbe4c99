using System.Collections.Immutable;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;

namespace InferenceWall.Core.Tests.Economics;

/// <summary>
/// Random scenarios that pass the one validation never give garbage: each gives a result whose money, hours and
/// energy are finite and not negative, or problems; never an exception.
/// </summary>
public class EconomicsPropertyTests
{
    private static readonly string[] Models = ["wan2.1-t2v-1.3b", "wan2.1-t2v-14b", "wan2.2-ti2v-5b", "hunyuanvideo"];
    private static readonly string[] GpuIds = ["H100-SXM", "A100-SXM-80GB", "L40S", "RTX-4090", "B200"];

    [Fact]
    public void Evaluate_RandomValidScenarios_NeverNegativeNonFiniteOrThrowing()
    {
        var rng = new Random(20260401);
        var evaluated = 0;
        for (var i = 0; i < 1500; i++)
        {
            var s = RandomScenario(rng);
            if (!ScenarioRules.Check(s).IsEmpty)
            {
                continue;
            }

            var (r, problems) = UnitEconomics.Evaluate(s, Fixtures.Catalog, Fixtures.Calibration);
            if (r is null)
            {
                Assert.NotEmpty(problems);
                Assert.DoesNotContain(problems, p => p.Message.Contains("cannot be right", StringComparison.Ordinal) || p.Message.Contains("not a finite", StringComparison.Ordinal));
                continue;
            }

            evaluated++;
            foreach (var v in new[] { r.CostPerClipUsd, r.ComputeCostPerClipUsd, r.OtherCostPerClipUsd, r.GpuHoursPerDay, r.ComputeCostUsdPerDay, r.RevenueUsdPerDay, r.EnergyKwhPerDay, r.EnergyKwhPerClip, r.BuildOut.AverageGpus })
            {
                Assert.True(double.IsFinite(v) && v >= 0, $"scenario {i}: {v}");
            }

            Assert.True(r.BuildOut.Gpus >= r.BuildOut.AverageGpus);
            Assert.All(r.ValueChain.Segments, x => Assert.True(x.Share is null || (x.Share >= 0 && x.Share <= 1 + 1e-12), $"scenario {i}: {x.Key} {x.Share}"));
            Assert.True(r.EfficiencyGainNeeded is null ? r.EfficiencyGainNeededReason is not null : double.IsFinite(r.EfficiencyGainNeeded.Value) && r.EfficiencyGainNeeded >= 1);
        }

        Assert.True(evaluated > 300, $"only {evaluated} random scenarios could be costed");
    }

    private static Scenario RandomScenario(Random rng)
    {
        double Log(double min, double max) => Math.Exp(Math.Log(min) + (rng.NextDouble() * (Math.Log(max) - Math.Log(min))));
        var kinds = rng.Next(1, 4);
        var shares = Enumerable.Range(0, kinds).Select(_ => rng.NextDouble() + 0.05).ToArray();
        var sum = shares.Sum();
        var mix = shares.Select((x, k) => new ClipMixItem
        {
            Share = k == kinds - 1 ? 1 - shares[..k].Sum(y => y / sum) : x / sum,
            WidthPixels = 16 * rng.Next(8, 120),
            HeightPixels = 16 * rng.Next(8, 80),
            Seconds = Log(0.5, 20),
            FramesPerSecond = rng.Next(8, 31),
            Steps = rng.Next(0, 4) == 0 ? null : rng.Next(1, 80),
        }).ToImmutableArray();
        var gpus = new[] { 1, 2, 4, 8 }[rng.Next(4)];
        var owned = rng.Next(5) == 0;
        var plans = ImmutableArray.Create(
            new PricingPlan { Name = "free", Kind = PlanKind.Free },
            new PricingPlan { Name = "clip", Kind = PlanKind.PerClip, UsdPerClip = Log(0.001, 50) },
            new PricingPlan { Name = "second", Kind = PlanKind.PerSecond, UsdPerVideoSecond = Log(0.001, 2) },
            new PricingPlan { Name = "sub", Kind = PlanKind.Subscription, UsdPerMonth = Log(1, 500), IncludedClipsPerMonth = rng.Next(0, 500), OverageUsdPerClip = Log(0.01, 5) },
            new PricingPlan { Name = "ent", Kind = PlanKind.Enterprise, UsdPerClip = Log(0.1, 50), MinimumUsdPerMonth = Log(100, 100_000) });
        return new Scenario
        {
            Name = "random",
            Product = new ProductSpec
            {
                Model = Models[rng.Next(Models.Length)],
                Gpu = GpuIds[rng.Next(GpuIds.Length)],
                Plan = new ParallelPlan { Gpus = gpus, Ulysses = gpus, ShardWeights = rng.Next(2) == 0 },
                Precision = rng.Next(3) == 0 ? Precision.Fp8 : Precision.Bf16,
                Offload = (OffloadMode)rng.Next(3),
                ClipMix = mix,
                Utilization = Log(0.05, 1),
            },
            Capacity = owned
                ? new CapacitySpec { Owned = true }
                : new CapacitySpec { OnDemandShare = 0.5, SpotShare = 0.5, OnDemandUsdPerGpuHour = Log(0.2, 15), SpotUsdPerGpuHour = Log(0.1, 8) },
            Users = [.. Enumerable.Range(0, rng.Next(1, 4)).Select(t => new UserTier { Tier = $"t{t}", Users = Log(1, 1e7), ClipsPerUserPerDay = Log(0.01, 50), Plan = plans[rng.Next(plans.Length)].Name })],
            Plans = plans,
            OtherCosts = new OtherCosts { StorageUsdPerClip = Log(1e-4, 0.1), EgressUsdPerClip = Log(1e-4, 0.1), FixedUsdPerDay = Log(1, 10_000) },
            Energy = new EnergySpec { Pue = 1 + rng.NextDouble(), ElectricityUsdPerKwh = Log(0.01, 0.5) },
            ValueChain = new ValueChainSpec { GpuCapexUsd = rng.Next(3) == 0 ? Log(1_000, 60_000) : null, AmortizationYears = Log(1, 8), ChipVendorGrossMargin = rng.NextDouble() },
        };
    }
}
