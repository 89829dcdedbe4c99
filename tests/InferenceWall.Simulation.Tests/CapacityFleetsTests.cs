using InferenceWall.Application;
using InferenceWall.Application.CapacitySearch;
using InferenceWall.Application.Json;
using InferenceWall.Core.Problems;

namespace InferenceWall.Simulation.Tests;

/// <summary>The capacity search over many fleets at once: each fleet its own search, gathered by index.</summary>
public class CapacityFleetsTests
{
    private static readonly string Reseller = File.ReadAllText(RepoPaths.Of("scenarios", "api-reseller.yaml"));

    private static CapacitySearchRequest Request(double slo, long[]? many = null, long? one = null, int? threads = null) => new()
    {
        Scenario = new ScenarioSource("api-reseller.yaml", Reseller),
        SloSeconds = slo,
        Replicas = one,
        ReplicaCounts = many is null ? null : [.. many],
        Threads = threads,
    };

    private static Outcome<CapacitySearchResponse> Run(CapacitySearchRequest request) => CapacitySearchUseCase.Run(request, EngineData.Shipped);

    [Fact]
    public void ManyFleets_EachIsItsOwnSearch_InTheOrderGiven()
    {
        var many = Run(Request(300, [20, 1, 4], threads: 2));
        Assert.True(many.IsOk, string.Join("; ", many.Problems));
        Assert.Equal([20, 1, 4], many.Value!.Fleets.Select(f => f.Replicas));
        foreach (var f in many.Value.Fleets)
        {
            var alone = Run(Request(300, one: f.Replicas)).Value!;
            Assert.Equal(ContractJson.Serialize(Assert.Single(alone.Fleets)), ContractJson.Serialize(f));
        }
    }

    [Fact]
    public void ManyFleets_SameBytesOnOneThreadOrTwo()
    {
        var one = ContractJson.Serialize(Run(Request(300, [1, 2, 4, 8], threads: 1)).Value!);
        var two = ContractJson.Serialize(Run(Request(300, [1, 2, 4, 8], threads: 2)).Value!);
        Assert.Equal(one, two);
    }

    [Fact]
    public void Chunks_InReverseOrderThroughTheWire_GiveTheSerialBytes()
    {
        var request = Request(300, [1, 3, 6]);
        var serial = ContractJson.Serialize(Run(request).Value!);

        // As a worker does: the request from the wire, prepared there, each fleet a chunk, the last one first.
        var job = CapacitySearchUseCase.Prepare(ContractJson.FromWire<CapacitySearchRequest>(ContractJson.ToWire(request))!, EngineData.Shipped).Value!;
        var chunks = Enumerable.Range(0, 3).Reverse().Select(i => ContractJson.FromWire<CapacityChunk>(ContractJson.ToWire(CapacitySearchUseCase.RunChunk(job, i, 1)))!).ToList();
        var gathered = CapacityChunk.Gather(chunks, 3);
        Assert.NotNull(gathered);
        Assert.Equal(serial, ContractJson.Serialize(CapacitySearchUseCase.Finish(job, gathered.Value).Value!));
        Assert.Null(CapacityChunk.Gather(chunks.Take(2), 3));
        Assert.Null(CapacityChunk.Gather([.. chunks, chunks[0]], 3));
    }

    [Fact]
    public void BiggerFleets_RunHotterUnderTheSameSlo()
    {
        // Pooling: at the same latency percentile a larger fleet keeps more of its replicas busy (Erlang C).
        var fleets = Run(Request(300, [1, 4, 20])).Value!.Fleets;
        Assert.All(fleets, f => Assert.True(f.MaxClipsPerHour < f.FleetCapacityClipsPerHour));
        Assert.True(fleets[0].UtilizationAtMax < fleets[1].UtilizationAtMax && fleets[1].UtilizationAtMax < fleets[2].UtilizationAtMax,
            string.Join(", ", fleets.Select(f => $"{f.Replicas}: {f.UtilizationAtMax:P1}")));
        Assert.All(fleets, f => Assert.Equal(f.MaxClipsPerHour / f.FleetCapacityClipsPerHour, f.UtilizationAtMax));
        Assert.All(fleets, f => Assert.True(f.LatencyAtMaxSeconds <= 300));
    }

    [Fact]
    public void SomeFleetsMeetNoLoad_EachSaysWhy_TheRestAnswer()
    {
        // Clips of about 84 s: under a 120 s P99 one or two replicas queue too often even at light load; twenty do not.
        var r = Run(Request(120, [1, 2, 20]));
        Assert.True(r.IsOk, string.Join("; ", r.Problems));
        var (small, pair, large) = (r.Value!.Fleets[0], r.Value.Fleets[1], r.Value.Fleets[2]);
        Assert.Null(small.MaxClipsPerHour);
        Assert.Null(small.UtilizationAtMax);
        Assert.Contains("no load meets the SLO", small.Reason, StringComparison.Ordinal);
        Assert.Null(pair.MaxClipsPerHour);
        Assert.Single(small.Tries);
        Assert.NotNull(large.MaxClipsPerHour);
        Assert.Null(large.Reason);
        Assert.DoesNotContain("\"reason\"", ContractJson.Serialize(large), StringComparison.Ordinal);
    }

    [Fact]
    public void NoFleetMeetsTheSlo_Infeasible_NamingTheLargest()
    {
        var r = Run(Request(90, [1, 20, 2]));
        Assert.True(r.IsInfeasible);
        var problem = Assert.Single(r.Problems);
        Assert.Equal("slo_s", problem.Path);
        Assert.Contains("no fleet of the 3", problem.Message, StringComparison.Ordinal);
        Assert.Contains("the largest, 20 replicas", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadFleets_EveryProblemAtItsIndex()
    {
        var r = Run(Request(300, [4, 0, 4, 200_000]));
        Assert.False(r.IsOk);
        Assert.Equal(["replica_counts[1]", "replica_counts[2]", "replica_counts[3]"], r.Problems.Select(p => p.Path));
        Assert.Contains("already fleet 0", r.Problems[1].Message, StringComparison.Ordinal);
        Assert.Equal(ProblemKind.LimitExceeded, r.Problems[2].Kind);
    }

    [Fact]
    public void BothOneAndMany_Refused()
    {
        var r = Run(Request(300, [4], one: 4));
        Assert.Equal("replica_counts", Assert.Single(r.Problems).Path);
        Assert.Contains("not both", r.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyOrTooManyFleets_RefusedWithTheLimit()
    {
        Assert.Contains("is empty", Assert.Single(Run(Request(300, [])).Problems).Message, StringComparison.Ordinal);
        var many = Run(Request(300, [.. Enumerable.Range(1, CapacitySearchRequest.MaxFleets + 1).Select(i => (long)i)]));
        var problem = Assert.Single(many.Problems);
        Assert.Equal(ProblemKind.LimitExceeded, problem.Kind);
        Assert.Contains("at most 1,000", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFleetPastTheArrivalsLimit_RefusedAtItsIndex_WithTheMostReplicas()
    {
        var r = Run(Request(300, [4, 90_000]));
        var problem = Assert.Single(r.Problems);
        Assert.Equal("replica_counts[1]", problem.Path);
        Assert.Equal(ProblemKind.LimitExceeded, problem.Kind);
        Assert.Contains("search at most", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_CountsEveryFleetsRuns_AndReachesOne()
    {
        var seen = new List<double>();
        var progress = new Recorder(seen);
        Assert.True(CapacitySearchUseCase.Run(Request(120, [1, 20], threads: 1), EngineData.Shipped, progress).IsOk);
        Assert.Equal(1, seen[^1]);

        // The first fleet stops after its one light-load try, and counts all its runs at once: half the search.
        Assert.Contains(0.5, seen);
        Assert.True(seen.SequenceEqual(seen.Order()), string.Join(", ", seen));
    }

    private sealed class Recorder(List<double> seen) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }
}
