using System.Collections.Immutable;
using InferenceWall.Analysis.Studies;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.MonteCarlo;

/// <summary>
/// One chunk of a Monte Carlo's samples as it travels from a worker: the first index and each sample's result, in
/// index order. Gathered by index, the chunks of a job give the response a single process gives, byte for byte.
/// </summary>
public sealed record MonteCarloChunk
{
    public required int Start { get; init; }
    public required ImmutableArray<ChunkSample> Samples { get; init; }

    public static MonteCarloChunk Of(int start, IEnumerable<MonteCarloSample> samples) => new()
    {
        Start = start,
        Samples = [.. samples.Select(s => new ChunkSample(s.Outcome, s.CostPerClipUsd, s.DailyBurnUsd, s.GrossMargin, s.AboveWall, s.Problems))],
    };

    /// <summary>The samples of every chunk by index, or null when they do not cover 0 to <paramref name="total"/> − 1 exactly once.</summary>
    public static ImmutableArray<MonteCarloSample>? Gather(IEnumerable<MonteCarloChunk> chunks, int total)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return ChunkGather.ByIndex(chunks.Select(c => (c.Start, (IReadOnlyList<MonteCarloSample>)[.. c.Samples.Select(s =>
            new MonteCarloSample(s.Outcome, s.CostPerClipUsd, s.DailyBurnUsd, s.GrossMargin, s.AboveWall, s.Problems.IsDefault ? [] : s.Problems))])), total);
    }
}

/// <summary>One sample's result on the wire (NaN where it has no figure).</summary>
public sealed record ChunkSample(DrawOutcome Outcome, double CostPerClipUsd, double DailyBurnUsd, double GrossMargin, bool AboveWall, ImmutableArray<Problem> Problems);
