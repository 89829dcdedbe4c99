using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.Jobs;
using InferenceWall.Application.Json;
using InferenceWall.Application.Optimize;
using InferenceWall.Core.Problems;

namespace InferenceWall.Worker;

/// <summary>
/// <c>optimize --simulate</c> on a cluster of workers. The analytic ranking runs here (every option priced in seconds),
/// and the simulated days of its cheapest candidates, seconds each, are the chunks: every worker prepares the same
/// ranking once per job, runs its chunks' days, and the days gathered by index give the single process's response byte
/// for byte (decision 0008).
/// </summary>
public static class ClusterOptimize
{
    private static readonly ClusterAnalysis<OptimizeJob, OptimizeChunk, SimulatedCandidate> Analysis = new("optimize", "candidate", j => j.Candidates.Length,
        j => ClusterMonteCarlo.ChunkSize(j.Candidates.Length, simulate: true), (grain, job, start, count, ct) => grain.Optimize(job, start, count, ct), (chunks, j) => OptimizeChunk.Gather(chunks, j));

    public static Task<Outcome<OptimizeResponse>> RunAsync(OptimizeRequest request, EngineData data, ClusterAddress cluster, IJobLedger? ledger = null,
        IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cluster);
        if (!request.Simulate)
        {
            return Task.FromResult(Outcome<OptimizeResponse>.Fail(Problem.BadInput("cluster", "applies only when the candidates are simulated: without that the whole search is the analytic ranking, which runs on this machine in seconds",
                "add --simulate, or drop --cluster")));
        }

        return ClusterJobs.DistributeAsync(ContractJson.ToWire(request), data, OptimizeUseCase.Prepare(request, data, progress, cancel), Analysis, (job, days) => OptimizeUseCase.Finish(job, days),
            cluster, ledger, progress, cancel);
    }
}
