using System.Collections.Immutable;
using InferenceWall.Analysis.Studies;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Optimize;

/// <summary>
/// One chunk of an optimize job's simulated days as it travels from a worker: the first candidate's index and each
/// candidate's day, in index order. The candidates themselves are the job's (its analytic ranking, which every worker
/// computes alike), so only the days travel; gathered by index they give the single process's response byte for byte.
/// </summary>
public sealed record OptimizeChunk
{
    public required int Start { get; init; }
    public required ImmutableArray<ChunkCandidate> Days { get; init; }

    public static OptimizeChunk Of(int start, IEnumerable<SimulatedCandidate> days) => new()
    {
        Start = start,
        Days = [.. days.Select(d => new ChunkCandidate(d.RealizedCostPerClipUsd, d.SloAttainment, d.LatencyP90Seconds, d.Utilization, d.MeetsSlo, d.Problems))],
    };

    /// <summary>The job's candidates with their days by index, or null when the chunks do not cover every candidate exactly once.</summary>
    public static ImmutableArray<SimulatedCandidate>? Gather(IEnumerable<OptimizeChunk> chunks, OptimizeJob job)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(job);
        return ChunkGather.ByIndex(chunks.Select(c => (c.Start, (IReadOnlyList<SimulatedCandidate>)[.. c.Days.Select((d, k) =>
            c.Start + k < job.Candidates.Length
                ? new SimulatedCandidate(job.Candidates[c.Start + k], c.Start + k, d.RealizedCostPerClipUsd, d.SloAttainment, d.LatencyP90S, d.Utilization, d.MeetsSlo,
                    d.Problems.IsDefault ? [] : d.Problems)
                : null!)])), job.Candidates.Length);
    }
}

/// <summary>One candidate's simulated day on the wire (null where the day has no figure).</summary>
public sealed record ChunkCandidate(double? RealizedCostPerClipUsd, double? SloAttainment, double? LatencyP90S, double? Utilization, bool MeetsSlo, ImmutableArray<Problem> Problems);
