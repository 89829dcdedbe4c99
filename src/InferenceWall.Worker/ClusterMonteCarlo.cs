using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.Jobs;
using InferenceWall.Application.Json;
using InferenceWall.Application.MonteCarlo;

namespace InferenceWall.Worker;

/// <summary>
/// A Monte Carlo on a cluster of workers: checked here, split into chunks of samples by index, each chunk run by a
/// worker (retried elsewhere when one fails), gathered by index and finished here: the single process's response, byte
/// for byte (decision 0008).
/// </summary>
public static class ClusterMonteCarlo
{
    private static readonly ClusterAnalysis<MonteCarloJob, MonteCarloChunk, MonteCarloSample> Chunks = new("montecarlo", "sample", j => j.Samples,
        j => ChunkSize(j.Samples, j.Simulate), (grain, job, start, count, ct) => grain.MonteCarlo(job, start, count, ct), (chunks, j) => MonteCarloChunk.Gather(chunks, j.Samples));

    public static Task<Outcome<MonteCarloResponse>> RunAsync(MonteCarloRequest request, EngineData data, ClusterAddress cluster, IJobLedger? ledger = null,
        IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ClusterJobs.DistributeAsync(ContractJson.ToWire(request), data, MonteCarloUseCase.Prepare(request, data), Chunks,
            (job, all) => MonteCarloUseCase.Finish(job, Analysis.Studies.MonteCarlo.Gather(all)), cluster, ledger, progress, cancel);
    }

    /// <summary>Samples per chunk: about 64 chunks; at most 4 simulated days (a Sora-scale day takes seconds, and a chunk must finish well inside the 30 s response timeout).</summary>
    public static int ChunkSize(int samples, bool simulate) => Math.Max(1, Math.Min(simulate ? 4 : 4096, (samples + 63) / 64));
}
