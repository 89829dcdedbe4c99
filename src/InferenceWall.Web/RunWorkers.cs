using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using InferenceWall.Application;
using InferenceWall.Application.Json;
using InferenceWall.Application.Runs;
using InferenceWall.Core.Problems;
using InferenceWall.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InferenceWall.Web;

/// <summary>
/// Computes long runs in the background: a bounded in-process queue and a few workers. Each run is started in the
/// store, its progress stored at most once every <see cref="ProgressInterval"/>, and finished with its result or
/// problems; a cancelled run ends <c>cancelled</c>, one cut off by a shutdown <c>interrupted</c>. At start, runs a
/// previous process left queued or running are marked interrupted (finished runs are never touched).
/// </summary>
internal sealed partial class RunWorkers(IRunStore store, ServeOptions options, EngineData data, ILogger<RunWorkers> log) : IHostedService, IAsyncDisposable
{
    /// <summary>Progress is stored at most this often.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private const int Queued = 0;
    private const int Running = 1;
    private const int Done = 2;

    private readonly Channel<Job> _queue = Channel.CreateBounded<Job>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity)) { SingleWriter = false });
    private readonly ConcurrentDictionary<long, Job> _jobs = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _workers = [];
    private int _reserved;
    private int _disposed;

    /// <summary>Completes once runs cut off by a previous process are marked interrupted (no new run is stored before).</summary>
    public Task Ready => _ready.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var interrupted = await store.InterruptUnfinishedAsync(options.Clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (interrupted > 0)
            {
                LogInterrupted(interrupted);
            }

            _ready.TrySetResult();
        }
        catch (Exception e)
        {
            _ready.TrySetException(e);
            throw;
        }

        for (var i = 0; i < Math.Max(1, options.BackgroundConcurrency); i++)
        {
            _workers.Add(Task.Run(() => WorkAsync(_stopping.Token), CancellationToken.None));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        foreach (var job in _jobs.Values)
        {
            job.Shutdown = true;
            if (Interlocked.CompareExchange(ref job.State, Done, Queued) == Queued)
            {
                await FinishAsync(job, new RunFinish { Status = RunStatus.Interrupted, FinishedAt = options.Clock.GetUtcNow() }).ConfigureAwait(false);
            }
            else
            {
                await job.Cancel.CancelAsync().ConfigureAwait(false);
            }
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Holds a place in the queue before a run is stored; false when the queue is full.</summary>
    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _reserved) > Math.Max(1, options.QueueCapacity))
        {
            Interlocked.Decrement(ref _reserved);
            return false;
        }

        return true;
    }

    /// <summary>Gives back a place held by <see cref="TryReserve"/> when the run was not stored.</summary>
    public void Release() => Interlocked.Decrement(ref _reserved);

    /// <summary>Queues a stored (queued) run; its place was reserved. The task completes when the run is final.</summary>
    public Task Enqueue(long id, RunPlan plan)
    {
        var job = new Job(id, plan);
        _jobs[id] = job;
        if (!_queue.Writer.TryWrite(job))
        {
            // The server is stopping (the queue is closed) or, impossibly, full: the run is cut off.
            job.Shutdown = true;
            _ = Task.Run(() => Skip(job));
        }

        return job.Finished.Task;
    }

    /// <summary>Cancels a queued or running run of this process; false when it is not one.</summary>
    public async Task<bool> CancelAsync(long id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref job.State, Done, Queued) == Queued)
        {
            await FinishAsync(job, new RunFinish { Status = RunStatus.Cancelled, FinishedAt = options.Clock.GetUtcNow() }).ConfigureAwait(false);
            return true;
        }

        if (Volatile.Read(ref job.State) == Running)
        {
            await job.Cancel.CancelAsync().ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>The task that completes when this process's run is final; null when it is not one of its runs in flight.</summary>
    public Task? Finished(long id) => _jobs.TryGetValue(id, out var job) ? job.Finished.Task : null;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
        foreach (var job in _jobs.Values)
        {
            job.Cancel.Dispose();
        }
    }

    private async Task Skip(Job job)
    {
        if (Interlocked.CompareExchange(ref job.State, Done, Queued) == Queued)
        {
            await FinishAsync(job, new RunFinish { Status = RunStatus.Interrupted, FinishedAt = options.Clock.GetUtcNow() }).ConfigureAwait(false);
        }
    }

    private async Task WorkAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                Interlocked.Decrement(ref _reserved);
                if (Interlocked.CompareExchange(ref job.State, Running, Queued) == Queued)
                {
                    await RunAsync(job).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: the runs still queued were marked interrupted by StopAsync.
        }
    }

    private async Task RunAsync(Job job)
    {
        RunFinish finish;
        try
        {
            if (!await store.StartAsync(job.Id, options.Clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false))
            {
                // Deleted (or finished by someone else) while it waited.
                Complete(job);
                return;
            }

            var compute = Task.Run(() => Compute(job), CancellationToken.None);
            var stored = -1.0;
            while (!compute.IsCompleted)
            {
                await Task.WhenAny(compute, Task.Delay(ProgressInterval, options.Clock, CancellationToken.None)).ConfigureAwait(false);
                var share = job.Share;
                if (!compute.IsCompleted && share > stored)
                {
                    stored = share;
                    await store.ProgressAsync(job.Id, share, CancellationToken.None).ConfigureAwait(false);
                }
            }

            finish = Finish(await compute.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (job.Cancel.IsCancellationRequested)
        {
            finish = new RunFinish { Status = job.Shutdown ? RunStatus.Interrupted : RunStatus.Cancelled, FinishedAt = options.Clock.GetUtcNow() };
        }
        catch (Exception e)
        {
            LogRunFailed(e, job.Id);
            finish = new RunFinish
            {
                Status = RunStatus.Failed,
                ProblemsJson = ContractJson.Serialize(ImmutableArray.Create(Problem.BadInput(string.Empty, "the run stopped on an internal error (logged by the server)", "re-run it; report it if it happens again"))),
                FinishedAt = options.Clock.GetUtcNow(),
            };
        }

        await FinishAsync(job, finish).ConfigureAwait(false);
    }

    private RunFinish Finish(Outcome<RunAnswer> outcome) => outcome.Value is { } answer
        ? new RunFinish { Status = RunStatus.Succeeded, ResultJson = answer.ResultJson, Summary = answer.Summary, FinishedAt = options.Clock.GetUtcNow() }
        : new RunFinish { Status = RunStatus.Failed, ProblemsJson = ContractJson.Serialize(outcome.Problems), FinishedAt = options.Clock.GetUtcNow() };

    private async Task FinishAsync(Job job, RunFinish finish)
    {
        try
        {
            await store.FinishAsync(job.Id, finish, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogStoreFailed(e, job.Id);
        }
        finally
        {
            Complete(job);
        }
    }

    private void Complete(Job job)
    {
        Volatile.Write(ref job.State, Done);
        _jobs.TryRemove(job.Id, out _);
        job.Finished.TrySetResult();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} runs cut off by a previous stop were marked interrupted")]
    private partial void LogInterrupted(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "run {Id} stopped on an internal error")]
    private partial void LogRunFailed(Exception e, long id);

    [LoggerMessage(Level = LogLevel.Error, Message = "run {Id} could not be finished in the store")]
    private partial void LogStoreFailed(Exception e, long id);

    /// <summary>
    /// A run's answer: on the cluster when one is configured and the run is a Monte Carlo, a sweep, a simulated
    /// optimize or a capacity search (its chunks kept in this store, so a restarted server's re-run resumes them), else in this process.
    /// </summary>
    private Outcome<RunAnswer> Compute(Job job)
    {
        if (options.Cluster is not { } cluster || store is not Application.Jobs.IJobLedger ledger)
        {
            return RunExecutor.Execute(job.Plan, data, job, options.Clock, job.Cancel.Token);
        }

        var progress = new Progress<Analysis.Studies.AnalysisProgress>(p => job.Report(p.Total > 0 ? (double)p.Done / p.Total : 0));
        var cancel = job.Cancel.Token;
        return job.Plan.Request switch
        {
            Application.MonteCarlo.MonteCarloRequest r => Answer(Worker.ClusterMonteCarlo.RunAsync(r, data, cluster, ledger, progress, cancel).GetAwaiter().GetResult()),
            Application.Sweep.SweepRequest r => Answer(Worker.ClusterSweep.RunAsync(r, data, cluster, ledger, progress, cancel).GetAwaiter().GetResult()),
            Application.Optimize.OptimizeRequest { Simulate: true } r => Answer(Worker.ClusterOptimize.RunAsync(r, data, cluster, ledger, progress, cancel).GetAwaiter().GetResult()),
            Application.CapacitySearch.CapacitySearchRequest r => Answer(Worker.ClusterCapacity.RunAsync(r, data, cluster, ledger, progress, cancel).GetAwaiter().GetResult()),
            _ => RunExecutor.Execute(job.Plan, data, job, options.Clock, cancel),
        };
    }

    private static Outcome<RunAnswer> Answer<T>(Outcome<T> outcome)
        where T : class => outcome.IsOk ? Outcome<RunAnswer>.Ok(RunExecutor.Answer(outcome.Value!)) : outcome.As<RunAnswer>();

    /// <summary>One background run: its plan, its cancellation, its state and the share done.</summary>
    private sealed class Job(long id, RunPlan plan) : IProgress<double>
    {
        public long Id { get; } = id;
        public RunPlan Plan { get; } = plan;
        public CancellationTokenSource Cancel { get; } = new();
        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int State;
        public volatile bool Shutdown;
        private double _share;

        public double Share => Volatile.Read(ref _share);

        public void Report(double value)
        {
            if (double.IsFinite(value))
            {
                Volatile.Write(ref _share, Math.Clamp(value, 0, 1));
            }
        }
    }
}
