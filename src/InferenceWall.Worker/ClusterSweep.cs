using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.Jobs;
using InferenceWall.Application.Json;
using InferenceWall.Application.Sweep;

namespace InferenceWall.Worker;

/// <summary>A sweep on a cluster of workers: points in chunks by index, gathered by index, the single process's response byte for byte.</summary>
public static class ClusterSweep
{
    private static readonly ClusterAnalysis<SweepJob, SweepChunk, SweepPoint> Analysis = new("sweep", "point", j => j.Points,
        j => Math.Max(1, Math.Min(j.Simulate ? 4 : 1024, (j.Points + 63) / 64)), (grain, job, start, count, ct) => grain.Sweep(job, start, count, ct),
        (chunks, j) => SweepChunk.Gather(chunks, j.Points));

    public static Task<Outcome<SweepResponse>> RunAsync(SweepRequest request, EngineData data, ClusterAddress cluster, IJobLedger? ledger = null,
        IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ClusterJobs.DistributeAsync(ContractJson.ToWire(request), data, SweepUseCase.Prepare(request, data), Analysis, (job, points) => SweepUseCase.Finish(job, points), cluster, ledger, progress, cancel);
    }
}
