using System.Collections.Immutable;

namespace InferenceWall.Application;

/// <summary>The results of a job's chunks placed by index (decision 0008).</summary>
public static class ChunkGather
{
    /// <summary>
    /// Each chunk's items at their indices (a chunk's first index, then its items in order), or null when the chunks do
    /// not cover 0 to <paramref name="total"/> − 1 exactly once.
    /// </summary>
    public static ImmutableArray<T>? ByIndex<T>(IEnumerable<(int Start, IReadOnlyList<T> Items)> chunks, int total)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var items = new T?[total];
        foreach (var (start, chunk) in chunks)
        {
            for (var k = 0; k < chunk.Count; k++)
            {
                var i = start + k;
                if (i < 0 || i >= total || items[i] is not null)
                {
                    return null;
                }

                items[i] = chunk[k];
            }
        }

        return items.All(x => x is not null) ? [.. items.Select(x => x!)] : null;
    }
}
