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
        var samples = new MonteCarloSample?[total];
        foreach (var chunk in chunks)
        {
            for (var k = 0; k < chunk.Samples.Length; k++)
            {
                var i = chunk.Start + k;
                if (i < 0 || i >= total || samples[i] is not null)
                {
                    return null;
                }

                var s = chunk.Samples[k];
                samples[i] = new MonteCarloSample(s.Outcome, s.CostPerClipUsd, s.DailyBurnUsd, s.GrossMargin, s.AboveWall, s.Problems.IsDefault ? [] : s.Problems);
            }
        }

        return samples.All(s => s is not null) ? [.. samples.Select(s => s!)] : null;
    }
}

/// <summary>One sample's result on the wire (NaN where it has no figure).</summary>
public sealed record ChunkSample(DrawOutcome Outcome, double CostPerClipUsd, double DailyBurnUsd, double GrossMargin, bool AboveWall, ImmutableArray<Problem> Problems);
