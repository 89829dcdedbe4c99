using InferenceWall.Application;
using InferenceWall.Application.Json;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Application.Runs;

namespace InferenceWall.Worker;

/// <summary>
/// A chunk of an analysis, run on the worker Orleans placed it on with that worker's engine data. A job submitted
/// with another engine version, catalog or calibration is refused with the reason, never computed.
/// </summary>
public sealed class ChunkGrain(EngineData data) : Grain, IChunkGrain
{
    public Task<ChunkAnswer> MonteCarlo(ChunkJob job, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(job);
        var worker = RuntimeIdentity;
        if (Mismatch(job, data) is { } why)
        {
            return Task.FromResult(new ChunkAnswer { Refusal = why, Worker = worker });
        }

        var request = ContractJson.FromWire<MonteCarloRequest>(job.Request);
        var prepared = request is null ? null : MonteCarloUseCase.Prepare(request, data);
        if (prepared?.Value is not { } j)
        {
            return Task.FromResult(new ChunkAnswer
            {
                Refusal = "the job's request does not check here: " + (prepared is null ? "not a Monte Carlo request" : string.Join("; ", prepared.Problems.Select(p => p.Text))),
                Worker = worker,
            });
        }

        if (start < 0 || count < 0 || start + (long)count > j.Samples)
        {
            return Task.FromResult(new ChunkAnswer { Refusal = $"samples {start} to {start + (long)count - 1} are outside the job's {j.Samples}", Worker = worker });
        }

        var samples = Analysis.Studies.MonteCarlo.RunChunk(j.Scenario, j.Inputs, j.Seed, start, count, j.Simulate, data.Catalog, data.Calibration);
        return Task.FromResult(new ChunkAnswer { Result = ContractJson.ToWire(MonteCarloChunk.Of(start, samples)), Worker = worker });
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
