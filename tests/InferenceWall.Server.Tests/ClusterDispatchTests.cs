using System.Collections.Concurrent;
using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.Json;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime.Placement;

namespace InferenceWall.Server.Tests;

/// <summary>
/// Issue 12: the coordinator names each chunk's worker to Orleans' placement, and the call lands there; a job whose
/// every worker is gone fails with how to resume, instead of waiting for ever.
/// </summary>
public sealed class ClusterDispatchTests
{
    private static readonly string Startup = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    [Fact]
    public async Task APlacementHint_PutsTheGrainOnTheNamedWorker()
    {
        var cluster = ClusterAddress.Localhost(WorkerHost.FreePortPair());
        var workers = await StartWorkers(cluster, 2);
        try
        {
            using var client = ClientOf(cluster);
            await client.StartAsync();
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);
            var key = 0L;
            foreach (var silo in hosts.Keys)
            {
                for (var i = 0; i < 4; i++)
                {
                    RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
                    var info = await grains.GetGrain<IChunkGrain>(--key).Describe();
                    Assert.Equal(silo, info.Silo);
                    Assert.Equal(1, info.Slots);
                }
            }

            await client.StopAsync();
        }
        finally
        {
            await Stop(workers);
        }
    }

    [Fact]
    public async Task EveryWorkerGone_TheJobFailsWithHowToResume()
    {
        var cluster = ClusterAddress.Localhost(WorkerHost.FreePortPair());
        var workers = await StartWorkers(cluster, 1);
        var request = new MonteCarloRequest
        {
            Scenario = new ScenarioSource("startup-720p-h100.yaml", Startup),
            Inputs = [new UncertainInputRequest { Field = "efficiency", Distribution = DistributionKind.LogNormal, Parameters = [1, 0.2] }],
            Samples = 400,
            Seed = 4,
            Simulate = true,
        };
        var job = ClusterJobs.Job(ContractJson.ToWire(request), EngineData.Shipped);
        var run = new ClusterRun("montecarlo", job, 400, 4, null) { NoWorkerTimeout = TimeSpan.FromSeconds(2) };
        var stopped = 0;
        var progress = new Progress<AnalysisProgress>(p =>
        {
            if (p.Done > 0 && Interlocked.Exchange(ref stopped, 1) == 0)
            {
                _ = Stop(workers);
            }
        });

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (chunks, problem) = await ClusterJobs.RunAsync(cluster, run, (grain, start, count, ct) => grain.MonteCarlo(job, start, count, ct),
            ContractJson.FromWire<MonteCarloChunk>, progress, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Null(chunks);
        Assert.NotNull(problem);
        Assert.Contains("no worker has answered for 2 s", problem.Message, StringComparison.Ordinal);
        Assert.Contains("run the same command again to resume", problem.Fix, StringComparison.Ordinal);
        // At worst the call in flight on the last worker ends at its 30 s response timeout, then 2 s with no worker.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"took {watch.Elapsed}");
        await Stop(workers);
    }

    private static async Task<ConcurrentBag<(CancellationTokenSource Stop, Task Run)>> StartWorkers(ClusterAddress cluster, int count)
    {
        var workers = new ConcurrentBag<(CancellationTokenSource, Task)>();
        for (var i = 0; i < count; i++)
        {
            var stop = new CancellationTokenSource();
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = Task.Run(() => WorkerHost.RunAsync(cluster, new WorkerSettings { Slots = 1 }, EngineData.Shipped, _ => started.TrySetResult(), stop.Token));
            workers.Add((stop, run));
            await Task.WhenAny(started.Task, run).WaitAsync(TimeSpan.FromMinutes(1));
            await (run.IsCompleted ? run : Task.CompletedTask);
        }

        return workers;
    }

    private static async Task Stop(ConcurrentBag<(CancellationTokenSource Stop, Task Run)> workers)
    {
        while (workers.TryTake(out var w))
        {
            await w.Stop.CancelAsync();
            await w.Run;
            w.Stop.Dispose();
        }
    }

    private static IHost ClientOf(ClusterAddress cluster)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(c => c.UseLocalhostClustering(cluster.GatewayPort, "inferencewall", "inferencewall"));
        return builder.Build();
    }
}
