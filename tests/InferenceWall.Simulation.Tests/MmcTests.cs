namespace InferenceWall.Simulation.Tests;

public class MmcTests
{
    [Theory]
    [InlineData(1, 0.7)]
    [InlineData(8, 0.8)]
    [InlineData(64, 0.9)]
    public void MeanWait_AgreesWithErlangC_WithinStatisticalError(int servers, double load)
    {
        // Independent replications (seeds 1..N); the warm-up removes the empty-start transient.
        const int replications = 12;
        const long requests = 150_000;
        var means = new double[replications];
        for (var i = 0; i < replications; i++)
        {
            var spec = SimulationSpec.Mmc(servers, load, requests) with { WarmupSeconds = 2_000.0 / servers };
            means[i] = FleetSimulator.Run(spec, (ulong)(i + 1)).MeanWaitSeconds;
        }

        var mean = means.Average();
        var sd = Math.Sqrt(means.Sum(m => (m - mean) * (m - mean)) / (replications - 1));
        var standardError = sd / Math.Sqrt(replications);
        var exact = ErlangC.MeanWait(servers, load * servers, 1.0);
        Assert.True(Math.Abs(mean - exact) <= 4 * standardError + (0.002 * exact),
            $"simulated {mean:F5} ± {standardError:F5} s vs Erlang C {exact:F5} s");
    }

    [Theory]
    // M/M/1 at ρ = 0.5: W_q = ρ / (μ − λ) = 0.5 / 0.5 = 1 s.
    [InlineData(1, 0.5, 1.0, 1.0)]
    // M/M/2 with a = 1: C = 1/3, W_q = (1/3) / (2 − 1) = 1/3 s.
    [InlineData(2, 1.0, 1.0, 1.0 / 3)]
    public void ErlangC_KnownValues(int c, double lambda, double mu, double expected)
    {
        Assert.Equal(expected, ErlangC.MeanWait(c, lambda, mu), 12);
    }

    [Fact]
    public void Run_SameSeed_IdenticalResult_DifferentSeed_Different()
    {
        var spec = SimulationSpec.Mmc(16, 0.85, 50_000);
        var a = FleetSimulator.Run(spec, 7);
        var b = FleetSimulator.Run(spec, 7);
        var c = FleetSimulator.Run(spec, 8);
        Assert.Equal(a, b with { Tiers = a.Tiers, Classes = a.Classes, Series = a.Series });
        Assert.Equal(a.MeanWaitSeconds, b.MeanWaitSeconds);
        Assert.Equal(a.Events, b.Events);
        Assert.NotEqual(a.MeanWaitSeconds, c.MeanWaitSeconds);
    }

    [Fact]
    public void Run_ParallelRuns_MatchSerialRuns()
    {
        var spec = SimulationSpec.Mmc(8, 0.8, 20_000);
        var serial = Enumerable.Range(1, 8).Select(s => FleetSimulator.Run(spec, (ulong)s).MeanWaitSeconds).ToArray();
        var parallel = new double[8];
        Parallel.For(0, 8, i => parallel[i] = FleetSimulator.Run(spec, (ulong)(i + 1)).MeanWaitSeconds);
        Assert.Equal(serial, parallel);
    }

    [Fact]
    public void Run_SteadyState_AllocatesNothingPerEvent()
    {
        // Allocation over a run of 2N requests minus a run of N is what each extra request costs: it must stay
        // within the arrays' one-off doubling, far below one byte per event.
        static long Allocated(long n)
        {
            var spec = SimulationSpec.Mmc(64, 0.9, n);
            FleetSimulator.Run(spec, 1);
            var before = GC.GetAllocatedBytesForCurrentThread();
            FleetSimulator.Run(spec, 1);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var small = Allocated(200_000);
        var large = Allocated(400_000);
        var extraEvents = 2 * 200_000;
        Assert.True(large - small < extraEvents / 10, $"{small} B for 200k requests, {large} B for 400k");
    }

    [Fact]
    public void Run_Conservation_EveryArrivalIsAccountedFor()
    {
        var r = FleetSimulator.Run(SimulationSpec.Mmc(4, 0.95, 30_000) with { MaxQueueLength = 20 }, 3);
        Assert.Equal(r.Arrivals, r.Completed + r.Rejected + r.TimedOut);
        Assert.True(r.Rejected > 0);
        Assert.Equal(30_000, r.Arrivals);
    }
}
