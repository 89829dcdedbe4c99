using System.Collections.Immutable;
using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.Jobs;
using InferenceWall.Core.Problems;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.Placement;

namespace InferenceWall.Worker;

/// <summary>
/// The client side of a job on the cluster (its coordinator): the chunks of consecutive indices, each run by a worker (a
/// failed one tried again on a new grain key) and stored in the job ledger before it counts as done; a restarted job
/// takes its stored chunks back and runs only the rest. Progress (chunks done, resumed, retried, workers alive) is
/// reported and stored about once a second, and a stop asked for through the ledger cancels every worker's share.
/// </summary>
public static class ClusterJobs
{
    /// <summary>Tries of one chunk before the job fails.</summary>
    public const int Attempts = 6;

    /// <summary>The environment variable holding the cluster's token, on workers and clients alike.</summary>
    public const string TokenVariable = "IWALL_CLUSTER_TOKEN";

    /// <summary>How often progress is stored and a stop is looked for.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>The cluster's token from <see cref="TokenVariable"/>, or null when unset.</summary>
    public static string? Token => Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } t ? t : null;

    /// <summary>A job for the workers: the request in the wire format, this engine's version and data hash, the cluster's token.</summary>
    public static ChunkJob Job(string request, Application.EngineData data) =>
        new() { Request = request, EngineVersion = Application.Runs.RunProvenance.Engine, DataHash = ChunkGrain.DataHash(data), Token = Token };

    /// <summary>The ledger key of a job of <paramref name="kind"/> split in chunks of <paramref name="size"/>.</summary>
    public static string Key(string kind, ChunkJob job, int size)
    {
        ArgumentNullException.ThrowIfNull(job);
        return JobWords.Key(kind, job.Request, job.EngineVersion, job.DataHash, size);
    }

    /// <summary>
    /// One analysis on the cluster, the same for every kind: checked here (<paramref name="prepared"/>), its request sent
    /// to the workers in chunks by index, the chunks gathered by index and the response finished here, the single
    /// process's response byte for byte (decision 0008).
    /// </summary>
    /// <param name="request">The request in the wire format, as the workers prepare it again.</param>
    public static async Task<Outcome<TResponse>> DistributeAsync<TJob, TChunk, TItem, TResponse>(string request, Application.EngineData data, Outcome<TJob> prepared,
        ClusterAnalysis<TJob, TChunk, TItem> analysis, Func<TJob, ImmutableArray<TItem>, Outcome<TResponse>> finish, ClusterAddress cluster, IJobLedger? ledger,
        IProgress<AnalysisProgress>? progress, CancellationToken cancel)
        where TJob : class
        where TChunk : class
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(finish);
        if (prepared.Value is not { } job)
        {
            return Outcome<TResponse>.Fail(prepared.Problems);
        }

        var wire = Job(request, data);
        var total = analysis.Total(job);
        var run = new ClusterRun(analysis.Kind, wire, total, analysis.ChunkSize(job), ledger);
        var (chunks, problem) = await RunAsync(cluster, run, (grain, start, count, ct) => analysis.Call(grain, wire, start, count, ct),
            Application.Json.ContractJson.FromWire<TChunk>, progress, cancel).ConfigureAwait(false);
        if (chunks is null)
        {
            return Outcome<TResponse>.Fail(problem!);
        }

        return analysis.Gather(chunks, job) is { } items
            ? finish(job, items)
            : Outcome<TResponse>.Fail(Problem.Infeasible("cluster", $"the workers' chunks did not cover every {analysis.Item}", "run it again"));
    }

    public static async Task<(List<T>? Chunks, Problem? Problem)> RunAsync<T>(ClusterAddress cluster, ClusterRun run,
        Func<IChunkGrain, int, int, CancellationToken, Task<ChunkAnswer>> call, Func<string, T?> parse, IProgress<AnalysisProgress>? progress, CancellationToken cancel)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(parse);
        var (total, size) = (run.Total, run.ChunkSize);
        var starts = Enumerable.Range(0, (total + size - 1) / size).Select(c => c * size).ToList();
        var key = Key(run.Kind, run.Job, size);
        var chunks = new T?[starts.Count];
        var ledger = run.Ledger;
        int done = 0, resumed = 0, retried = 0, workers = 0;
        if (ledger is not null)
        {
            var stored = await ledger.BeginAsync(new JobStart(key, run.Kind, cluster.Text, total, size, starts.Count, DateTimeOffset.UtcNow), cancel).ConfigureAwait(false);
            for (var c = 0; c < starts.Count; c++)
            {
                if (stored.TryGetValue(starts[c], out var text) && parse(text) is { } chunk)
                {
                    chunks[c] = chunk;
                    resumed++;
                }
            }

            done = resumed;
        }

        JobProgress Progress() => new(Volatile.Read(ref done), resumed, Volatile.Read(ref retried), Volatile.Read(ref workers), DateTimeOffset.UtcNow);
        async Task<(List<T>?, Problem?)> End(JobStatus status, Problem? problem)
        {
            if (ledger is not null)
            {
                await ledger.EndAsync(key, status, problem?.Text, Progress(), CancellationToken.None).ConfigureAwait(false);
            }

            return status == JobStatus.Done ? ([.. chunks.OfType<T>()], null) : (null, problem);
        }

        if (resumed == starts.Count)
        {
            progress?.Report(new AnalysisProgress(total, total, $"{starts.Count:N0} chunks, all from the run store"));
            return await End(JobStatus.Done, null).ConfigureAwait(false);
        }

        if (await cluster.RedisUnreachableAsync().ConfigureAwait(false) is { } noRedis)
        {
            return await End(JobStatus.Failed, Problem.Infeasible("cluster", noRedis,
                $"start redis-server there, or give the address of the one the workers use (`iwall worker --cluster {cluster.Text}`)")).ConfigureAwait(false);
        }

        using var host = ClientHost(cluster);
        try
        {
            await host.StartAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return await End(JobStatus.Failed, Problem.Infeasible("cluster", $"no worker answers at {cluster.Text}: {ClusterAddress.FirstSentence(e.Message)}",
                $"start one with `iwall worker --cluster {cluster.Text}`")).ConfigureAwait(false);
        }

        var grains = host.Services.GetRequiredService<IClusterClient>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var stopAsked = false;
        string? refusal = null;
        var failure = (Exception?)null;

        // The coordinator chooses each chunk's worker (WorkerDispatch: the fewest in flight for its slots, one waiting
        // at most) and names it to Orleans' placement in a hint; placement by activation count alone let one worker
        // hold a queue of chunks at the end of a job while another had none.
        var dispatch = new WorkerDispatch<SiloAddress>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var probes = 0L;

        // Orleans fails a call in flight on a killed worker only at its response timeout (30 s; 10 minutes for a
        // capacity-search fleet). When membership drops a worker, every chunk in flight is asked again instead: the
        // calls of this generation are cancelled (on the workers too) and the next generation starts.
        var generation = new CancellationTokenSource();
        var generations = new List<CancellationTokenSource> { generation };
        HashSet<SiloAddress>? alive = null;
        async Task Membership()
        {
            var hosts = await management.GetHosts(onlyActive: true, stop.Token).WaitAsync(ProgressInterval, stop.Token).ConfigureAwait(false);
            workers = hosts.Count;
            foreach (var gone in dispatch.Workers.Where(w => !hosts.ContainsKey(w)))
            {
                dispatch.Remove(gone);
            }

            if (alive is not null && alive.Any(h => !hosts.ContainsKey(h)))
            {
                var next = new CancellationTokenSource();
                generations.Add(next);
                await Interlocked.Exchange(ref generation, next).CancelAsync().ConfigureAwait(false);
            }

            alive = [.. hosts.Keys];

            // A worker new to this job says its slots (a grain placed on it); one that does not answer in time is asked next second.
            await Task.WhenAll(hosts.Keys.Where(h => !dispatch.Knows(h)).Select(async h =>
            {
                try
                {
                    RequestContext.Set(IPlacementDirector.PlacementHintKey, h);
                    var info = await grains.GetGrain<IChunkGrain>(-Interlocked.Increment(ref probes)).Describe().WaitAsync(ProgressInterval, stop.Token).ConfigureAwait(false);
                    if (hosts.ContainsKey(info.Silo))
                    {
                        dispatch.Add(info.Silo, info.Slots);
                    }
                }
                catch (Exception e) when (e is TimeoutException or OrleansException or OperationCanceledException)
                {
                }
            })).ConfigureAwait(false);
        }

        try
        {
            await Membership().ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or OperationCanceledException)
        {
            // Membership is changing: taken again next second, and the chunks wait for a worker.
        }

        var tasks = starts.Select(async (start, c) =>
        {
            if (chunks[c] is not null)
            {
                return;
            }

            var count = Math.Min(size, total - start);
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    var round = Volatile.Read(ref generation);
                    var worker = (SiloAddress?)null;
                    try
                    {
                        ChunkAnswer answer;
                        worker = await dispatch.AcquireAsync(stop.Token).ConfigureAwait(false);
                        round = Volatile.Read(ref generation);
                        try
                        {
                            // A new key per try: a failed worker's activation is not asked again.
                            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, round.Token);
                            RequestContext.Set(IPlacementDirector.PlacementHintKey, worker);
                            answer = await call(grains.GetGrain<IChunkGrain>(((long)c * Attempts) + attempt), start, count, linked.Token).ConfigureAwait(false);
                        }
                        finally
                        {
                            dispatch.Release(worker);
                        }

                        if (answer.Refusal is { } why)
                        {
                            refusal ??= $"worker {answer.Worker} refused the job: {why}";
                            await stop.CancelAsync().ConfigureAwait(false);
                            return;
                        }

                        var result = answer.Result ?? string.Empty;
                        var chunk = parse(result) ?? throw new InvalidOperationException($"worker {answer.Worker} answered chunk {start} with text that is not one");
                        if (ledger is not null)
                        {
                            // Stored before it counts: a coordinator killed after this line resumes with the chunk.
                            await ledger.AddChunkAsync(key, start, count, result, answer.Worker, CancellationToken.None).ConfigureAwait(false);
                        }

                        chunks[c] = chunk;
                        var n = Interlocked.Increment(ref done);
                        progress?.Report(new AnalysisProgress(Math.Min(total, (long)n * size), total, Detail(n, starts.Count, resumed, retried, workers)));
                        return;
                    }
                    catch (OperationCanceledException) when (round.IsCancellationRequested && !stop.IsCancellationRequested)
                    {
                        // A worker left while this chunk was in flight, perhaps on it: asked again at once, and not
                        // counted as a failed try (the chunk's bytes are the same wherever it runs).
                        Interlocked.Increment(ref retried);
                        attempt--;
                    }
                    catch (Exception) when (attempt < Attempts && !stop.IsCancellationRequested)
                    {
                        // Orleans does not retry: new calls fail for a second or two until membership drops a killed
                        // worker. Any failure is tried again on another key, and the worker gets no more chunks
                        // until it answers the next membership round's question again.
                        if (worker is not null)
                        {
                            dispatch.Remove(worker);
                        }

                        Interlocked.Increment(ref retried);
                        await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), stop.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested || e is not OperationCanceledException)
            {
                failure ??= e;
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }).ToList();

        var all = Task.WhenAll(tasks);
        var lastWorker = DateTimeOffset.UtcNow;
        var noWorker = false;
        while (await Task.WhenAny(all, Task.Delay(ProgressInterval, CancellationToken.None)).ConfigureAwait(false) != all)
        {
            try
            {
                await Membership().ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or OperationCanceledException)
            {
                // Membership is changing (a worker died): the count is taken again next second.
            }

            if (dispatch.Workers.Count > 0)
            {
                lastWorker = DateTimeOffset.UtcNow;
            }
            else if (!noWorker && DateTimeOffset.UtcNow - lastWorker > run.NoWorkerTimeout)
            {
                // Every worker is gone: the chunks would wait for one for ever.
                noWorker = true;
                await stop.CancelAsync().ConfigureAwait(false);
            }

            progress?.Report(new AnalysisProgress(Math.Min(total, (long)Volatile.Read(ref done) * size), total, Detail(Volatile.Read(ref done), starts.Count, resumed, retried, workers)));
            if (ledger is not null && await ledger.ProgressAsync(key, Progress(), CancellationToken.None).ConfigureAwait(false) && !stopAsked)
            {
                stopAsked = true;
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }

        try
        {
            await all.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        generations.ForEach(g => g.Dispose());
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (refusal is not null)
        {
            return await End(JobStatus.Failed, Problem.BadInput("cluster", refusal,
                "make the client and every worker agree on what the reason names (engine version, --catalog, IWALL_CLUSTER_TOKEN)")).ConfigureAwait(false);
        }

        if (noWorker)
        {
            return await End(JobStatus.Failed, Problem.Infeasible("cluster",
                $"no worker has answered for {run.NoWorkerTimeout.TotalSeconds:0} s; the {Volatile.Read(ref done):N0} finished chunks of {starts.Count:N0} are stored",
                $"start workers with `iwall worker --cluster {cluster.Text}`, then run the same command again to resume")).ConfigureAwait(false);
        }

        if (stopAsked || cancel.IsCancellationRequested)
        {
            await End(JobStatus.Cancelled, Problem.Infeasible("cluster", "cancelled")).ConfigureAwait(false);
            return stopAsked
                ? (null, Problem.Infeasible("cluster", $"the job was cancelled from the Jobs page; its {Volatile.Read(ref done):N0} finished chunks of {starts.Count:N0} are stored",
                    "run the same command again to resume it"))
                : throw new OperationCanceledException(cancel);
        }

        if (failure is not null || chunks.Any(c => c is null))
        {
            return await End(JobStatus.Failed, Problem.Infeasible("cluster",
                $"a chunk failed {Attempts} times: {ClusterAddress.FirstSentence(failure?.Message ?? "no answer")}; the {Volatile.Read(ref done):N0} finished chunks are stored",
                "check that the workers run, then run the same command again to resume")).ConfigureAwait(false);
        }

        return await End(JobStatus.Done, null).ConfigureAwait(false);
    }

    private static string Detail(int done, int chunks, int resumed, int retried, int workers) =>
        $"chunks {done:N0}/{chunks:N0}" + (resumed > 0 ? $" ({resumed:N0} from the store)" : "") + $" · {retried:N0} retried · {workers:N0} workers";

    private static IHost ClientHost(ClusterAddress cluster)
    {
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
        return builder.Build();
    }
}

/// <summary>
/// What an analysis kind needs on the cluster: its word in the ledger, what one index is (for messages), its size and
/// chunk size from its prepared job, the grain call of a chunk, and how its chunks are gathered by index.
/// </summary>
public sealed record ClusterAnalysis<TJob, TChunk, TItem>(string Kind, string Item, Func<TJob, int> Total, Func<TJob, int> ChunkSize,
    Func<IChunkGrain, ChunkJob, int, int, CancellationToken, Task<ChunkAnswer>> Call, Func<IReadOnlyList<TChunk>, TJob, ImmutableArray<TItem>?> Gather);

/// <summary>A job as its coordinator runs it: its kind (<c>montecarlo</c>, <c>sweep</c>, <c>optimize</c>, <c>capacity</c>), what travels, its size and chunk size, and the ledger that keeps it (null: none).</summary>
public sealed record ClusterRun(string Kind, ChunkJob Job, int Total, int ChunkSize, IJobLedger? Ledger)
{
    /// <summary>How long the job waits with no worker to send chunks to before it fails (its finished chunks stay stored).</summary>
    public TimeSpan NoWorkerTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
