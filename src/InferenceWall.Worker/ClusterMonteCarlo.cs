using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.Jobs;
using InferenceWall.Application.Json;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Core.Problems;

namespace InferenceWall.Worker;

/// <summary>
/// A Monte Carlo on a cluster of workers: checked here, split into chunks of samples by index, each chunk run by a
/// worker (retried elsewhere when one fails), gathered by index and finished here: the single process's response, byte
/// for byte (decision 0008).
/// </summary>
public static class ClusterMonteCarlo
{
    public static async Task<Outcome<MonteCarloResponse>> RunAsync(MonteCarloRequest request, EngineData data, ClusterAddress cluster, IJobLedger? ledger = null,
        IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cluster);
        var prepared = MonteCarloUseCase.Prepare(request, data);
        if (prepared.Value is not { } job)
        {
            return Outcome<MonteCarloResponse>.Fail(prepared.Problems);
        }

        var wire = ClusterJobs.Job(ContractJson.ToWire(request), data);
        var run = new ClusterRun("montecarlo", wire, job.Samples, ChunkSize(job.Samples, job.Simulate), ledger);
        var (chunks, problem) = await ClusterJobs.RunAsync(cluster, run, (grain, start, count, ct) => grain.MonteCarlo(wire, start, count, ct),
            ContractJson.FromWire<MonteCarloChunk>, progress, cancel).ConfigureAwait(false);
        if (chunks is null)
        {
            return Outcome<MonteCarloResponse>.Fail(problem!);
        }

        var samples = MonteCarloChunk.Gather(chunks, job.Samples);
        return samples is { } all
            ? MonteCarloUseCase.Finish(job, Analysis.Studies.MonteCarlo.Gather(all))
            : Outcome<MonteCarloResponse>.Fail(Problem.Infeasible("cluster", "the workers' chunks did not cover every sample", "run it again"));
    }

    /// <summary>Samples per chunk: about 64 chunks; at most 4 simulated days (a Sora-scale day takes seconds, and a chunk must finish well inside the 30 s response timeout).</summary>
    public static int ChunkSize(int samples, bool simulate) => Math.Max(1, Math.Min(simulate ? 4 : 4096, (samples + 63) / 64));
}
