using InferenceWall.Analysis.Studies;
using InferenceWall.Application.Json;
using InferenceWall.Application.Optimize;

namespace InferenceWall.Application.Tests.Optimize;

/// <summary>
/// optimize --simulate split into chunks of candidates by index, computed in any order from separately prepared jobs
/// (as each worker prepares its own), carried in the wire format and gathered by index: the single process's JSON.
/// </summary>
public sealed class OptimizeChunkTests
{
    private static readonly string Startup = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    private static OptimizeRequest Request(int top) => new()
    {
        Scenario = new ScenarioSource("startup-720p-h100.yaml", Startup),
        SloS = 600,
        Simulate = true,
        SimulateTop = top,
        Attainment = 0.99,
        Seed = 5,
        Threads = 2,
    };

    [Theory]
    [InlineData(12, 5)]
    [InlineData(12, 12)]
    public void Chunks_InAnyOrderThroughTheWire_GiveTheSerialJson(int top, int chunkSize)
    {
        var request = Request(top);
        var serial = ContractJson.Serialize(OptimizeUseCase.Run(request, EngineData.Shipped).Value!);

        var job = OptimizeUseCase.Prepare(request, EngineData.Shipped).Value!;
        Assert.Equal(top, job.Candidates.Length);
        var starts = Enumerable.Range(0, (top + chunkSize - 1) / chunkSize).Select(c => c * chunkSize).Reverse().ToList();
        var chunks = starts.Select(start =>
        {
            // Each chunk from a job prepared anew: a worker's own analytic ranking.
            var own = OptimizeUseCase.Prepare(ContractJson.FromWire<OptimizeRequest>(ContractJson.ToWire(request))!, EngineData.Shipped).Value!;
            var days = Optimizer.SimulateChunk(own.Candidates, start, Math.Min(chunkSize, top - start), own.Scenario, request.SloS, request.Seed, request.Attainment,
                EngineData.Shipped.Catalog, EngineData.Shipped.Calibration);
            return ContractJson.FromWire<OptimizeChunk>(ContractJson.ToWire(OptimizeChunk.Of(start, days)))!;
        }).ToList();

        var distributed = ContractJson.Serialize(OptimizeUseCase.Finish(job, OptimizeChunk.Gather(chunks, job)!.Value).Value!);

        Assert.Equal(serial, distributed);
        Assert.Contains("\"realized_cost_per_clip_usd\"", serial, StringComparison.Ordinal);
    }

    [Fact]
    public void Gather_AMissingRepeatedOrExtraCandidate_IsRefused()
    {
        var job = OptimizeUseCase.Prepare(Request(2), EngineData.Shipped).Value!;
        var day = new ChunkCandidate(1.5, 1, 300, 0.8, true, []);
        var first = new OptimizeChunk { Start = 0, Days = [day] };

        Assert.Null(OptimizeChunk.Gather([first], job));
        Assert.Null(OptimizeChunk.Gather([first, first], job));
        Assert.Null(OptimizeChunk.Gather([new OptimizeChunk { Start = 0, Days = [day, day, day] }], job));
        Assert.NotNull(OptimizeChunk.Gather([first, new OptimizeChunk { Start = 1, Days = [day] }], job));
    }
}
