using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Storage;
using InferenceWall.Worker;

namespace InferenceWall.Benchmarks;

/// <summary>
/// Issue 12: a simulated-day Monte Carlo of the startup scenario (1,024 days in 256 chunks of 4) on one worker process
/// against two, each with one slot (one chunk computing at a time: one core's work), the client in this process; and
/// for reference the same job in this process without a cluster, on one thread and on two. Two workers on two cores
/// should approach twice one worker's throughput: the ratio is the bar (≥ 1.6×). Worker processes, not silos in this
/// process, because silos sharing one process share its garbage collector, which a real cluster never does.
/// </summary>
// Warm-up: each worker process compiles its hot code (tiered compilation) as its first chunks run, so before BenchmarkDotNet's
// own warm-up every worker runs the same number of chunks (WarmUpJobs jobs' worth each; two workers see half of each job's
// chunks, so they get twice the jobs). Measured without it, two workers of 64-chunk jobs were still speeding up in their
// 8th job (256 chunks each). The CI's smoke run (IWALL_BENCH_SMOKE=1) skips it: it checks that the benchmark runs.
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ClusterScalingBenchmarks
{
    /// <summary>
    /// Simulated days per job: 256 chunks of 4 (each about 25 ms of work), so the job's fixed cost (the client
    /// connecting, asking the workers their slots, stopping: the first chunk's answer comes 50 to 93 ms after the job
    /// starts) is a few percent of it, as in a long job.
    /// </summary>
    private const int Samples = 1024;

    private readonly List<System.Diagnostics.Process> _workers = [];
    private readonly MonteCarloRequest _request = ClusterBench.Request(Samples, simulate: true);
    private ClusterAddress _cluster = null!;

    /// <summary>Jobs' worth of chunks each worker process runs before the measurement (512 chunks).</summary>
    private const int WarmUpJobs = 2;

    [GlobalSetup(Target = nameof(OneWorker))]
    public void SetupOne() => Start(1);

    [GlobalSetup(Target = nameof(TwoWorkers))]
    public void SetupTwo() => Start(2);

    private void Start(int workers)
    {
        try
        {
            _cluster = ClusterBench.StartWorkerProcesses(workers, slots: 1, _workers);
            var jobs = Environment.GetEnvironmentVariable("IWALL_BENCH_SMOKE") == "1" ? 0 : WarmUpJobs * workers;
            for (var i = 0; i < jobs; i++)
            {
                ClusterBench.Run(_request, _cluster);
            }
        }
        catch
        {
            // BenchmarkDotNet runs no cleanup after a failed setup: the worker processes would outlive the run.
            Cleanup();
            throw;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var w in _workers)
        {
            w.Kill(entireProcessTree: true);
            w.WaitForExit();
            w.Dispose();
        }

        _workers.Clear();
    }

    [Benchmark(Baseline = true)]
    public int OneWorker() => ClusterBench.Run(_request, _cluster);

    [Benchmark]
    public int TwoWorkers() => ClusterBench.Run(_request, _cluster);

    [Benchmark]
    public int SerialOneThread() => MonteCarloUseCase.Run(_request with { Threads = 1 }, EngineData.Shipped).Value!.Draws.Count;

    /// <summary>The same job on two threads of this process: what two cores give without a cluster.</summary>
    [Benchmark]
    public int SerialTwoThreads() => MonteCarloUseCase.Run(_request with { Threads = 2 }, EngineData.Shipped).Value!.Draws.Count;
}

/// <summary>
/// Issue 12: what coordination costs. Analytic Monte Carlo samples take microseconds, so a job of 64 one-sample chunks
/// against one of 8 on the same worker (two slots) measures the cost of a chunk (the grain call, the wire format, the
/// gathering) apart from a job's fixed cost (the client connecting); with the SQLite run store as the job's ledger each
/// chunk also waits for its fsync. Per chunk: (64 chunks − 8 chunks) ÷ 56.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 10)]
public class ClusterOverheadBenchmarks
{
    private readonly List<(CancellationTokenSource Stop, Task Run)> _workers = [];
    private ClusterAddress _cluster = null!;
    private MonteCarloRequest _eight = null!;
    private MonteCarloRequest _sixtyFour = null!;
    private string _folder = null!;
    private SqliteRunStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _eight = ClusterBench.Request(8, simulate: false);
        _sixtyFour = ClusterBench.Request(64, simulate: false);
        _cluster = ClusterBench.StartWorkers(1, slots: 2, _workers);
        _folder = Path.Combine(Path.GetTempPath(), "iwall-bench-" + Guid.NewGuid().ToString("N"));
        _store = SqliteRunStore.OpenAsync(Path.Combine(_folder, "runs.db")).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ClusterBench.Stop(_workers);
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public int EightChunks() => ClusterBench.Run(_eight, _cluster);

    [Benchmark]
    public int SixtyFourChunks() => ClusterBench.Run(_sixtyFour, _cluster);

    [Benchmark]
    public int SixtyFourChunksStored() => ClusterBench.Run(_sixtyFour, _cluster, _store);

    [Benchmark]
    public int SixtyFourSamplesInProcess() => MonteCarloUseCase.Run(_sixtyFour with { Threads = 1 }, EngineData.Shipped).Value!.Draws.Count;
}

/// <summary>What the cluster benchmarks share: the request, workers in this process, a job run.</summary>
internal static class ClusterBench
{
    private static readonly string Startup = File.ReadAllText(RepoFiles.Path("scenarios", "startup-720p-h100.yaml"));

    public static MonteCarloRequest Request(int samples, bool simulate) => new()
    {
        Scenario = new ScenarioSource("startup-720p-h100.yaml", Startup),
        Inputs = [new UncertainInputRequest { Field = "efficiency", Distribution = DistributionKind.LogNormal, Parameters = [1, 0.2] }],
        Samples = samples,
        Seed = 4,
        Simulate = simulate,
    };

    /// <summary>
    /// Starts <paramref name="count"/> built <c>iwall worker</c> processes (the Release CLI) of <paramref name="slots"/>
    /// slots on a free localhost cluster; returns once each has printed that it is ready.
    /// </summary>
    public static ClusterAddress StartWorkerProcesses(int count, int slots, List<System.Diagnostics.Process> workers)
    {
        var bin = RepoFiles.Path("src", "InferenceWall.Cli", "bin", "Release", "net10.0");
        var dll = Directory.Exists(bin) ? Directory.GetFiles(bin, "iwall.dll", SearchOption.AllDirectories).FirstOrDefault() : null;
        if (dll is null)
        {
            throw new InvalidOperationException($"iwall.dll not found under {bin}: build src/InferenceWall.Cli -c Release");
        }

        var cluster = ClusterAddress.Localhost(FreePortPair());
        for (var i = 0; i < count; i++)
        {
            var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { dll, "worker", "--cluster", cluster.Text, "--slots", slots.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(a);
            }

            var process = System.Diagnostics.Process.Start(info)!;
            workers.Add(process);
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.StartsWith("worker ready", StringComparison.Ordinal) == true)
                {
                    ready.TrySetResult();
                }
            };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(1))).GetAwaiter().GetResult() != ready.Task)
            {
                throw new InvalidOperationException("a worker process exited or took a minute without being ready");
            }
        }

        return cluster;
    }

    /// <summary>Starts <paramref name="count"/> workers of <paramref name="slots"/> slots on a free localhost cluster; returns once all have joined.</summary>
    public static ClusterAddress StartWorkers(int count, int slots, List<(CancellationTokenSource Stop, Task Run)> workers)
    {
        var cluster = ClusterAddress.Localhost(FreePortPair());
        for (var i = 0; i < count; i++)
        {
            var stop = new CancellationTokenSource();
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = Task.Run(() => WorkerHost.RunAsync(cluster, new WorkerSettings { Slots = slots }, EngineData.Shipped, _ => started.TrySetResult(), stop.Token));
            workers.Add((stop, run));
            Task.WhenAny(started.Task, run).GetAwaiter().GetResult();
            if (!started.Task.IsCompleted)
            {
                run.GetAwaiter().GetResult();
                throw new InvalidOperationException("a worker stopped before it joined");
            }
        }

        return cluster;
    }

    public static void Stop(List<(CancellationTokenSource Stop, Task Run)> workers)
    {
        foreach (var (stop, _) in workers)
        {
            stop.Cancel();
        }

        foreach (var (stop, run) in workers)
        {
            run.GetAwaiter().GetResult();
            stop.Dispose();
        }

        workers.Clear();
    }

    public static int Run(MonteCarloRequest request, ClusterAddress cluster, Application.Jobs.IJobLedger? ledger = null)
    {
        var outcome = ClusterMonteCarlo.RunAsync(request, EngineData.Shipped, cluster, ledger).GetAwaiter().GetResult();
        return outcome.Value?.Draws.Count ?? throw new InvalidOperationException(string.Join("; ", outcome.Problems.Select(p => p.Text)));
    }

    private static int FreePortPair() => WorkerHost.FreePortPair();
}
