using InferenceWall.Analysis.Studies;
using InferenceWall.Application.Json;
using InferenceWall.Application.MonteCarlo;

namespace InferenceWall.Application.Tests.MonteCarlo;

/// <summary>
/// Issue 12's ground rule: a Monte Carlo split into chunks of samples by index, computed in any order, carried in the
/// wire format and gathered by index, gives the single process's JSON byte for byte.
/// </summary>
public sealed class MonteCarloChunkTests
{
    private static readonly string Startup = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    private static MonteCarloRequest Request(int samples, bool simulate) => new()
    {
        Scenario = new ScenarioSource("startup-720p-h100.yaml", Startup),
        Inputs =
        [
            new UncertainInputRequest { Field = "efficiency", Distribution = DistributionKind.LogNormal, Parameters = [1, 0.2] },
            // A normal price goes negative now and then: rejected draws, with their problems, travel too.
            new UncertainInputRequest { Field = "capacity.usd_per_gpu_hour.on_demand", Distribution = DistributionKind.Normal, Parameters = [1, 0.8] },
        ],
        Samples = samples,
        Seed = 9,
        Simulate = simulate,
        Threads = 2,
    };

    [Theory]
    [InlineData(400, false, 7)]
    [InlineData(400, false, 400)]
    [InlineData(24, true, 5)]
    public void Chunks_InAnyOrderThroughTheWire_GiveTheSerialJson(int samples, bool simulate, int chunkSize)
    {
        var request = Request(samples, simulate);
        var serial = ContractJson.Serialize(MonteCarloUseCase.Run(request, EngineData.Shipped).Value!);

        var job = MonteCarloUseCase.Prepare(request, EngineData.Shipped).Value!;
        var starts = Enumerable.Range(0, (samples + chunkSize - 1) / chunkSize).Select(c => c * chunkSize).Reverse().ToList();
        var chunks = starts.Select(start =>
        {
            var samplesOf = Analysis.Studies.MonteCarlo.RunChunk(job.Scenario, job.Inputs, job.Seed, start, Math.Min(chunkSize, samples - start), job.Simulate,
                EngineData.Shipped.Catalog, EngineData.Shipped.Calibration);
            return ContractJson.FromWire<MonteCarloChunk>(ContractJson.ToWire(MonteCarloChunk.Of(start, samplesOf)))!;
        }).ToList();

        var gathered = MonteCarloChunk.Gather(chunks, samples)!.Value;
        var distributed = ContractJson.Serialize(MonteCarloUseCase.Finish(job, Analysis.Studies.MonteCarlo.Gather(gathered)).Value!);

        Assert.Equal(serial, distributed);
        Assert.True(System.Text.Json.JsonDocument.Parse(serial).RootElement.GetProperty("rejected").GetInt32() > 0, "no rejected draw: the problems did not travel");
    }

    [Fact]
    public void Gather_AMissingOrRepeatedIndex_IsRefused()
    {
        var one = MonteCarloChunk.Of(0, [new MonteCarloSample(DrawOutcome.Ok, 1, 2, double.NaN, false, [])]);

        Assert.Null(MonteCarloChunk.Gather([one], 2));
        Assert.Null(MonteCarloChunk.Gather([one, one], 1));
        Assert.NotNull(MonteCarloChunk.Gather([one], 1));
    }

    [Fact]
    public void Wire_NotAChunk_IsNull()
    {
        Assert.Null(ContractJson.FromWire<MonteCarloChunk>("{\"start\": \"x\"}"));
    }
}
