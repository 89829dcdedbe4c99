using InferenceWall.Analysis.Studies;
using InferenceWall.Core.Problems;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace InferenceWall.Worker;

/// <summary>
/// The client side of a job on the cluster: the chunks of consecutive indices, each run by a worker (a failed one tried
/// again on a new grain key), their results in chunk order, or the problem that stopped the job.
/// </summary>
public static class ClusterJobs
{
    /// <summary>Chunks in flight at once.</summary>
    public const int InFlight = 8;

    /// <summary>Tries of one chunk before the job fails.</summary>
    public const int Attempts = 6;

    /// <summary>The environment variable holding the cluster's token, on workers and clients alike.</summary>
    public const string TokenVariable = "IWALL_CLUSTER_TOKEN";

    /// <summary>The cluster's token from <see cref="TokenVariable"/>, or null when unset.</summary>
    public static string? Token => Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } t ? t : null;

    /// <summary>A job for the workers: the request in the wire format, this engine's version and data hash, the cluster's token.</summary>
    public static ChunkJob Job(string request, Application.EngineData data) =>
        new() { Request = request, EngineVersion = Application.Runs.RunProvenance.Engine, DataHash = ChunkGrain.DataHash(data), Token = Token };

    public static async Task<(List<T>? Chunks, Problem? Problem)> RunAsync<T>(ClusterAddress cluster, int total, int size,
        Func<IChunkGrain, int, int, Task<ChunkAnswer>> call, Func<string, T?> parse, IProgress<AnalysisProgress>? progress, CancellationToken cancel)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(parse);
        var starts = Enumerable.Range(0, (total + size - 1) / size).Select(c => c * size).ToList();
        if (await cluster.RedisUnreachableAsync().ConfigureAwait(false) is { } noRedis)
        {
            return (null, Problem.Infeasible("cluster", noRedis, $"start redis-server there, or give the address of the one the workers use (`iwall worker --cluster {cluster.Text}`)"));
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            if (cluster.IsRedis)
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = WorkerHost.ClusterId;
                    o.ServiceId = WorkerHost.ServiceId;
                });
                client.UseRedisClustering(o => o.ConfigurationOptions = cluster.RedisOptions());
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, WorkerHost.ServiceId, WorkerHost.ClusterId);
            }

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
            return (null, Problem.Infeasible("cluster", $"no worker answers at {cluster.Text}: {ClusterAddress.FirstSentence(e.Message)}",
                $"start one with `iwall worker --cluster {cluster.Text}`"));
        }

        var grains = host.Services.GetRequiredService<IClusterClient>();
        var chunks = new T?[starts.Count];
        string? refusal = null;
        var done = 0;
        using var gate = new SemaphoreSlim(InFlight);
        var tasks = starts.Select(async (start, c) =>
        {
            var count = Math.Min(size, total - start);
            await gate.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        // A new key per try: a failed worker's activation is not asked again.
                        var answer = await call(grains.GetGrain<IChunkGrain>(((long)c * Attempts) + attempt), start, count).ConfigureAwait(false);
                        if (answer.Refusal is { } why)
                        {
                            refusal ??= $"worker {answer.Worker} refused the job: {why}";
                            return;
                        }

                        chunks[c] = parse(answer.Result ?? string.Empty);
                        progress?.Report(new AnalysisProgress(Interlocked.Add(ref done, count), total));
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
        return refusal is not null
            ? (null, Problem.BadInput("cluster", refusal, "make the client and every worker agree on what the reason names (engine version, --catalog, IWALL_CLUSTER_TOKEN)"))
            : ([.. chunks.OfType<T>()], null);
    }
}
