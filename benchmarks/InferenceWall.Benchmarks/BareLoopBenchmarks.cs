using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using InferenceWall.Simulation;
using InferenceWall.Simulation.Engine;

namespace InferenceWall.Benchmarks;

/// <summary>
/// Issue 13: the engine's in-loop rate against a plain hand-written loop of the same model, in the same run. The model is
/// M/M/c with c = 64 at load 0.9, 10M requests: Poisson arrivals, exponential service of mean 1 s, first come first
/// served. The bare loop is what a reader would write: a <see cref="PriorityQueue{TElement, TPriority}"/> of two event
/// kinds, a <see cref="Queue{T}"/> of waiting arrival times, the engine's own generator (xoshiro256**), and the mean wait as its
/// only metric. The ratio column is the engine's time over the loop's (the bar: the engine's rate at ≥ 0.85× the
/// loop's, a ratio ≤ 1.18). <see cref="FrozenEngine"/> is the engine before the issue 13 work (commit df491b8), on the same
/// spec and seed: it reports the same results.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class BareLoopBenchmarks
{
    private const int Servers = 64;
    private const double Load = 0.9;
    private const long Requests = 10_000_000;
    private SimulationSpec _spec = null!;

    [GlobalSetup]
    public void Setup() => _spec = SimulationSpec.Mmc(Servers, Load, Requests);

    [Benchmark(Baseline = true)]
    public double BareLoop() => BareMmc.MeanWait(Servers, Load, Requests, seed: 1);

    [Benchmark]
    public long Engine() => FleetSimulator.Run(_spec, 1).Events;

    [Benchmark]
    public long FrozenEngine() => new Frozen.Engine(_spec, 1).Run().Events;
}

/// <summary>The plain M/M/c loop: two event kinds in a priority queue, FIFO waiting, mean wait out.</summary>
internal static class BareMmc
{
    public static double MeanWait(int servers, double load, long requests, ulong seed)
    {
        var rng = new Rng(seed);
        var arrivalMean = 1.0 / (load * servers);
        var events = new PriorityQueue<bool, double>(servers + 2);
        var waiting = new Queue<double>();
        var busy = 0;
        long arrived = 0, started = 0;
        var waitSum = 0.0;
        events.Enqueue(true, rng.Exponential(arrivalMean));
        while (events.TryDequeue(out var isArrival, out var now))
        {
            if (isArrival)
            {
                arrived++;
                if (arrived < requests)
                {
                    events.Enqueue(true, now + rng.Exponential(arrivalMean));
                }

                if (busy < servers)
                {
                    busy++;
                    started++;
                    events.Enqueue(false, now + rng.Exponential(1.0));
                }
                else
                {
                    waiting.Enqueue(now);
                }
            }
            else if (waiting.TryDequeue(out var since))
            {
                waitSum += now - since;
                started++;
                events.Enqueue(false, now + rng.Exponential(1.0));
            }
            else
            {
                busy--;
            }
        }

        return waitSum / started;
    }
}
