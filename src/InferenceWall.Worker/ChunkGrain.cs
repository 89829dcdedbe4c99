using InferenceWall.Application;
using InferenceWall.Application.CapacitySearch;
using InferenceWall.Application.Json;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Application.Optimize;
using InferenceWall.Application.Runs;
using InferenceWall.Application.Sweep;

namespace InferenceWall.Worker;

/// <summary>
/// A chunk of an analysis, run on the worker Orleans placed it on with that worker's engine data. A job submitted
/// with another engine version, catalog or calibration is refused with the reason, never computed.
/// </summary>
[Orleans.Placement.ActivationCountBasedPlacement]
public sealed class ChunkGrain(EngineData data, WorkerSettings settings, PreparedJobs prepared, WorkerSlots slots, ILocalSiloDetails silo) : Grain, IChunkGrain
{
    public Task<WorkerInfo> Describe()
    {
        DeactivateOnIdle();
        return Task.FromResult(new WorkerInfo { Silo = silo.SiloAddress, Slots = slots.Count });
    }

    // The work runs off the grain's scheduler (Task.Run), in one of the worker's slots, so a cancel from the client
    // reaches its token at once; the coordinator names the worker (a placement hint, WorkerDispatch), else placement
    // counts activations, and each chunk's grain goes when its call ends.
    public Task<ChunkAnswer> MonteCarlo(ChunkJob job, int start, int count, CancellationToken cancel = default) => InSlot(() => Run(job, start, count, "Monte Carlo",
        ContractJson.FromWire<MonteCarloRequest>, r => MonteCarloUseCase.Prepare(r, data), j => j.Samples,
        j => ContractJson.ToWire(MonteCarloChunk.Of(start, Analysis.Studies.MonteCarlo.RunChunk(j.Scenario, j.Inputs, j.Seed, start, count, j.Simulate, data.Catalog, data.Calibration,
            cancel: cancel)))), cancel);

    public Task<ChunkAnswer> Sweep(ChunkJob job, int start, int count, CancellationToken cancel = default) => InSlot(() => Run(job, start, count, "sweep",
        ContractJson.FromWire<SweepRequest>, r => SweepUseCase.Prepare(r, data), j => j.Points,
        j => ContractJson.ToWire(new SweepChunk { Start = start, Points = Analysis.Studies.Sweep.RunChunk(j.Scenario, j.Axes, start, count, data.Catalog, data.Calibration, j.Simulate, j.Seed, cancel) })), cancel);

    public Task<ChunkAnswer> Optimize(ChunkJob job, int start, int count, CancellationToken cancel = default) => InSlot(() => Run(job, start, count, "optimize",
        ContractJson.FromWire<OptimizeRequest>, r => OptimizeUseCase.Prepare(r, data), j => j.Candidates.Length,
        j => ContractJson.ToWire(OptimizeChunk.Of(start, Analysis.Studies.Optimizer.SimulateChunk(j.Candidates, start, count, j.Scenario, j.Request.SloS, j.Request.Seed,
            j.Request.Attainment, data.Catalog, data.Calibration, j.Threads, cancel: cancel)))), cancel);

    public Task<ChunkAnswer> Capacity(ChunkJob job, int start, int count, CancellationToken cancel = default) => InSlot(() => Run(job, start, count, "capacity search",
        ContractJson.FromWire<CapacitySearchRequest>, r => CapacitySearchUseCase.Prepare(r, data), j => j.Replicas.Length,
        j => ContractJson.ToWire(CapacitySearchUseCase.RunChunk(j, start, count, cancel))), cancel);

    private async Task<ChunkAnswer> InSlot(Func<ChunkAnswer> work, CancellationToken cancel)
    {
        DeactivateOnIdle();
        await slots.Gate.WaitAsync(cancel).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
        try
        {
            return await Task.Run(work, cancel).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
        finally
        {
            slots.Gate.Release();
        }
    }

    /// <summary>
    /// One chunk of a job of any analysis: refused when the worker's engine or data differ, the request does not check
    /// here, or the indices fall outside the job; else its result in the wire format.
    /// </summary>
    private ChunkAnswer Run<TRequest, TJob>(ChunkJob job, int start, int count, string what, Func<string, TRequest?> parse, Func<TRequest, Outcome<TJob>> prepare,
        Func<TJob, int> size, Func<TJob, string> compute)
        where TRequest : class
        where TJob : class
    {
        ArgumentNullException.ThrowIfNull(job);
        var worker = RuntimeIdentity;
        if ((TokenMismatch(job, settings.Token) ?? Mismatch(job, data)) is { } why)
        {
            return new ChunkAnswer { Refusal = why, Worker = worker };
        }

        // Read and checked once per worker and job (PreparedJobs), not once per chunk.
        var ready = prepared.Get(job, () => parse(job.Request) is { } request
            ? prepare(request)
            : Outcome<TJob>.Fail(Core.Problems.Problem.BadInput("request", $"not a {what} request")));
        if (ready.Value is not { } j)
        {
            return new ChunkAnswer { Refusal = "the job's request does not check here: " + string.Join("; ", ready.Problems.Select(p => p.Text)), Worker = worker };
        }

        return start < 0 || count < 0 || start + (long)count > size(j)
            ? new ChunkAnswer { Refusal = $"indices {start} to {start + (long)count - 1} are outside the job's {size(j)}", Worker = worker }
            : new ChunkAnswer { Result = compute(j), Worker = worker };
    }

    /// <summary>Why a worker whose cluster token is <paramref name="token"/> must not run <paramref name="job"/>, or null (never says the token).</summary>
    public static string? TokenMismatch(ChunkJob job, string? token)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (token is null)
        {
            return null;
        }

        var given = System.Text.Encoding.UTF8.GetBytes(job.Token ?? string.Empty);
        var wanted = System.Text.Encoding.UTF8.GetBytes(token);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(given, wanted)
            ? null
            : $"the job's cluster token {(job.Token is null ? "is missing" : "does not match")}: set {ClusterJobs.TokenVariable} on the client to the workers' token";
    }

    /// <summary>Why a worker with <paramref name="data"/> must not run <paramref name="job"/>, or null.</summary>
    public static string? Mismatch(ChunkJob job, EngineData data)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.EngineVersion != RunProvenance.Engine
            ? $"the job was submitted by engine {job.EngineVersion}; this worker runs {RunProvenance.Engine}"
            : job.DataHash != DataHash(data)
                ? $"the job's catalog and calibration (SHA-256 {job.DataHash[..Math.Min(12, job.DataHash.Length)]}…) differ from this worker's ({DataHash(data)[..12]}…): start the worker with the same --catalog"
                : null;
    }

    /// <summary>The catalog's and the calibration's SHA-256, joined: what a job and its workers must share.</summary>
    public static string DataHash(EngineData data)
    {
        var (catalog, calibration) = RunProvenance.Hashes(data);
        return catalog + ":" + calibration;
    }
}
