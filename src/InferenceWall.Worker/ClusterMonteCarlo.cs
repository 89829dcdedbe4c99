using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.Json;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Application.Runs;
using InferenceWall.Core.Problems;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace InferenceWall.Worker;

/// <summary>
/// A Monte Carlo on a cluster of workers: checked here, split into chunks of samples by index, each chunk run by a
/// worker (retried elsewhere when one fails), gathered by index and finished here: the single process's response, byte
/// for byte (decision 0008).
/// </summary>
public static class ClusterMonteCarlo
{
    /// <summary>Chunks in flight at once.</summary>
    public const int InFlight = 8;

    /// <summary>Tries of one chunk before the job fails.</summary>
    public const int Attempts = 6;

    public static async Task<Outcome<MonteCarloResponse>> RunAsync(MonteCarloRequest request, EngineData data, ClusterAddress cluster, IProgress<AnalysisProgress>? progress = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cluster);
        var prepared = MonteCarloUseCase.Prepare(request, data);
        if (prepared.Value is not { } job)
        {
            return Outcome<MonteCarloResponse>.Fail(prepared.Problems);
        }

        var size = ChunkSize(job.Samples, job.Simulate);
        var starts = Enumerable.Range(0, (job.Samples + size - 1) / size).Select(c => c * size).ToList();
        var wire = new ChunkJob { Request = ContractJson.ToWire(request), EngineVersion = RunProvenance.Engine, DataHash = ChunkGrain.DataHash(data) };

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(cluster.GatewayPort, WorkerHost.ServiceId, WorkerHost.ClusterId);
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
            // A few tries to reach a gateway, a second apart, then the job is refused (the default retries for minutes).
            var tries = 0;
            client.UseConnectionRetryFilter(async (_, ct) =>
            {
                if (++tries > 5)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                return true;
            });
        });
        using var host = builder.Build();
        try
        {
            await host.StartAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Outcome<MonteCarloResponse>.Fail(Problem.Infeasible("cluster", $"no worker answers at localhost:{cluster.Port}: {e.Message}",
                $"start one with `iwall worker --cluster localhost:{cluster.Port}`"));
        }

        var grains = host.Services.GetRequiredService<IClusterClient>();
        var chunks = new MonteCarloChunk?[starts.Count];
        string? refusal = null;
        var done = 0;
        using var gate = new SemaphoreSlim(InFlight);
        var tasks = starts.Select(async (start, c) =>
        {
            await gate.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        // A new key per try: a failed worker's activation is not asked again.
                        var answer = await grains.GetGrain<IChunkGrain>((long)c * Attempts + attempt).MonteCarlo(wire, start, Math.Min(size, job.Samples - start)).ConfigureAwait(false);
                        if (answer.Refusal is { } why)
                        {
                            refusal ??= $"worker {answer.Worker} refused the job: {why}";
                            return;
                        }

                        chunks[c] = ContractJson.FromWire<MonteCarloChunk>(answer.Result ?? string.Empty);
                        progress?.Report(new AnalysisProgress(Interlocked.Add(ref done, Math.Min(size, job.Samples - start)), job.Samples));
                        return;
                    }
                    catch (Exception) when (attempt < Attempts && !cancel.IsCancellationRequested)
                    {
                        // Orleans does not retry: a call in flight on a killed worker fails at its timeout, new calls for a
                        // second or two until membership drops it. Any failure is tried again on another key.
                        await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), cancel).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (refusal is not null)
        {
            return Outcome<MonteCarloResponse>.Fail(Problem.BadInput("cluster", refusal, "run every worker with the same engine version and --catalog as the client"));
        }

        var samples = MonteCarloChunk.Gather(chunks.OfType<MonteCarloChunk>(), job.Samples);
        return samples is { } all
            ? MonteCarloUseCase.Finish(job, Analysis.Studies.MonteCarlo.Gather(all))
            : Outcome<MonteCarloResponse>.Fail(Problem.Infeasible("cluster", "the workers' chunks did not cover every sample", "run it again"));
    }

    /// <summary>Samples per chunk: about 64 chunks; at most 4 simulated days (a Sora-scale day takes seconds, and a chunk must finish well inside the 30 s response timeout).</summary>
    public static int ChunkSize(int samples, bool simulate) => Math.Max(1, Math.Min(simulate ? 4 : 4096, (samples + 63) / 64));
}
