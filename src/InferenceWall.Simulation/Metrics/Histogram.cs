namespace InferenceWall.Simulation.Metrics;

/// <summary>
/// A fixed log-linear histogram of non-negative durations for percentiles without storing every value: 1 ms to
/// <see cref="TopSeconds"/> (about 557 years), 64 sub-buckets per power of two (relative bucket width ≤ 1.6%); values
/// below 1 ms share the first bucket, values at or above the top are counted apart. Recording allocates nothing.
/// Percentiles return the bucket's midpoint, so they carry that ±0.8% error, and +∞ when they fall among the values
/// above the top (never a number capped at it); the mean is exact.
/// </summary>
public sealed class Histogram
{
    private const double MinValue = 1e-3;
    private const int SubBuckets = 64;
    private const int Octaves = 44;
    private const int Overflow = (Octaves * SubBuckets) + 1;
    private readonly long[] _counts = new long[Overflow + 1];

    /// <summary>The top of the range: 1 ms × 2^44, about 1.76e10 s. Percentiles above it are reported as +∞.</summary>
    public static double TopSeconds { get; } = MinValue * Math.ScaleB(1.0, Octaves);
    private double _sum;
    private double _max;

    public long Count { get; private set; }

    public double Mean => Count == 0 ? double.NaN : _sum / Count;

    public double Max => _max;

    public void Record(double value)
    {
        Count++;
        _sum += value;
        if (value > _max)
        {
            _max = value;
        }

        _counts[Index(value)]++;
    }

    /// <summary>
    /// The bucket of a value. For a scaled value in [1, 2^44) the octave is its binary exponent and the sub-bucket the
    /// top six bits of its mantissa: exactly what ⌊(scaled ÷ 2^octave − 1) × 64⌋ gives, since dividing by a power of two
    /// and multiplying by 64 are exact, without the exponent and scale calls. A scaled value that rounds up to 2^44
    /// falls in the last bucket, as the clamps of that formula put it.
    /// </summary>
    internal static int Index(double value)
    {
        if (value < MinValue)
        {
            return 0;
        }

        if (!(value < TopSeconds))
        {
            return Overflow;
        }

        var bits = BitConverter.DoubleToUInt64Bits(value / MinValue);
        var octave = (int)(bits >> 52) - 1023;
        if (octave >= Octaves)
        {
            return Overflow - 1;
        }

        var sub = (int)(bits >> (52 - 6)) & (SubBuckets - 1);
        return 1 + (octave * SubBuckets) + sub;
    }

    private static double Midpoint(int index)
    {
        if (index == 0)
        {
            return 0;
        }

        var octave = (index - 1) / SubBuckets;
        var sub = (index - 1) % SubBuckets;
        return MinValue * Math.ScaleB(1.0, octave) * (1.0 + ((sub + 0.5) / SubBuckets));
    }

    /// <summary>
    /// The value below which <paramref name="percent"/>% of the records fall (bucket midpoint); NaN with no records,
    /// +∞ when it lies at or above <see cref="TopSeconds"/>.
    /// </summary>
    public double Percentile(double percent)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(percent / 100.0 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return i == Overflow ? double.PositiveInfinity : Math.Min(Midpoint(i), _max);
            }
        }

        return _max;
    }
}
