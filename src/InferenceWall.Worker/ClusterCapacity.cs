using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.CapacitySearch;
using InferenceWall.Application.Jobs;
using InferenceWall.Application.Json;

namespace InferenceWall.Worker;

/// <summary>
/// A capacity search over many fleets on a cluster of workers: each fleet's search (its bisection of simulated runs,
/// one after another) is a chunk, and the fleets gathered by index give the single process's response byte for byte.
/// </summary>
public static class ClusterCapacity
{
    private static readonly ClusterAnalysis<CapacityJob, CapacityChunk, CapacityFleetFigures> Analysis = new("capacity", "fleet", j => j.Replicas.Length, _ => 1,
        (grain, job, start, count, ct) => grain.Capacity(job, start, count, ct), (chunks, j) => CapacityChunk.Gather(chunks, j.Replicas.Length));

    public static Task<Outcome<CapacitySearchResponse>> RunAsync(CapacitySearchRequest request, EngineData data, ClusterAddress cluster, IJobLedger? ledger = null,
        IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ClusterJobs.DistributeAsync(ContractJson.ToWire(request), data, CapacitySearchUseCase.Prepare(request, data), Analysis, CapacitySearchUseCase.Finish,
            cluster, ledger, progress, cancel);
    }
}
