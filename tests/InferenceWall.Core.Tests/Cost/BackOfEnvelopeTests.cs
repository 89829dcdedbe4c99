using InferenceWall.Core.Cost;

namespace InferenceWall.Core.Tests.Cost;

public class BackOfEnvelopeTests
{
    [Fact]
    public void CostUsd_GuideExample_Is2Dollars56()
    {
        // The developers' guide: $0.08 per GPU-minute × 4 GPUs × 8 minutes = $2.56.
        Assert.Equal(2.56, BackOfEnvelope.CostUsd(8, 4, 0.08), 12);
    }

    [Theory]
    [InlineData(-1, 4, 0.08)]
    [InlineData(8, 0, 0.08)]
    [InlineData(8, 4, double.NaN)]
    public void CostUsd_InvalidInput_Throws(double minutes, int gpus, double price)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BackOfEnvelope.CostUsd(minutes, gpus, price));
    }
}
