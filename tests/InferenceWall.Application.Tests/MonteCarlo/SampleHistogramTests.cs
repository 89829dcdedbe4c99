using InferenceWall.Application.MonteCarlo;

namespace InferenceWall.Application.Tests.MonteCarlo;

public sealed class SampleHistogramTests
{
    [Fact]
    public void Of_CountsEverySampleOnce_TheLargestInTheLastBin()
    {
        var h = SampleHistogram.Of([0.0, 1, 2, 3, 4, 10, double.NaN, double.PositiveInfinity], bins: 5);
        Assert.Equal(0, h.Start);
        Assert.Equal(2, h.BinWidth);
        Assert.Equal([2L, 2, 1, 0, 1], h.Counts.ToArray());
    }

    [Fact]
    public void Of_OneDistinctValue_IsOneBinOfWidthZero_AndNoneIsEmpty()
    {
        var one = SampleHistogram.Of([3.5, 3.5, 3.5]);
        Assert.Equal((3.5, 0.0), (one.Start, one.BinWidth));
        Assert.Equal([3L], one.Counts.ToArray());
        Assert.Empty(SampleHistogram.Of([]).Counts);
    }
}
