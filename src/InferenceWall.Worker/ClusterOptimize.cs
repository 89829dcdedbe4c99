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
    public static async Task<Outcome<OptimizeResponse>> RunAsync(OptimizeRequest request, EngineData data, ClusterAddress cluster, IJobLedger? ledger = null,
        IProgress<AnalysisProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cluster);
        if (!request.Simulate)
        {
            return Outcome<OptimizeResponse>.Fail(Problem.BadInput("cluster", "applies only when the candidates are simulated: without that the whole search is the analytic ranking, which runs on this machine in seconds",
                "add --simulate, or drop --cluster"));
        }

        var prepared = OptimizeUseCase.Prepare(request, data, progress, cancel);
        if (prepared.Value is not { } job)
        {
            return Outcome<OptimizeResponse>.Fail(prepared.Problems);
        }

        var wire = ClusterJobs.Job(ContractJson.ToWire(request), data);
        var run = new ClusterRun("optimize", wire, job.Candidates.Length, ClusterMonteCarlo.ChunkSize(job.Candidates.Length, simulate: true), ledger);
        var (chunks, problem) = await ClusterJobs.RunAsync(cluster, run, (grain, start, count, ct) => grain.Optimize(wire, start, count, ct),
            ContractJson.FromWire<OptimizeChunk>, progress, cancel).ConfigureAwait(false);
        if (chunks is null)
        {
            return Outcome<OptimizeResponse>.Fail(problem!);
        }

        return OptimizeChunk.Gather(chunks, job) is { } days
            ? OptimizeUseCase.Finish(job, days)
            : Outcome<OptimizeResponse>.Fail(Problem.Infeasible("cluster", "the workers' chunks did not cover every candidate", "run it again"));
    }
}
