using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.Jobs;
using InferenceWall.Application.Json;
using InferenceWall.Application.Sweep;
using InferenceWall.Core.Problems;

namespace InferenceWall.Worker;

/// <summary>A sweep on a cluster of workers: points in chunks by index, gathered by index, the single process's response byte for byte.</summary>
public static class ClusterSweep
{
    public static async Task<Outcome<SweepResponse>> RunAsync(SweepRequest request, EngineData data, ClusterAddress cluster, IJobLedger? ledger = null,
        IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prepared = SweepUseCase.Prepare(request, data);
        if (prepared.Value is not { } job)
        {
            return Outcome<SweepResponse>.Fail(prepared.Problems);
        }

        var wire = ClusterJobs.Job(ContractJson.ToWire(request), data);
        var size = Math.Max(1, Math.Min(job.Simulate ? 4 : 1024, (job.Points + 63) / 64));
        var (chunks, problem) = await ClusterJobs.RunAsync(cluster, new ClusterRun("sweep", wire, job.Points, size, ledger), (grain, start, count, ct) => grain.Sweep(wire, start, count, ct),
            ContractJson.FromWire<SweepChunk>, progress, cancel).ConfigureAwait(false);
        if (chunks is null)
        {
            return Outcome<SweepResponse>.Fail(problem!);
        }

        return SweepChunk.Gather(chunks, job.Points) is { } points
            ? SweepUseCase.Finish(job, points)
            : Outcome<SweepResponse>.Fail(Problem.Infeasible("cluster", "the workers' chunks did not cover every point", "run it again"));
    }
}
