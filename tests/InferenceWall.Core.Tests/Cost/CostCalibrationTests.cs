using InferenceWall.Core.Cost;

namespace InferenceWall.Core.Tests.Cost;

public class CostCalibrationTests
{
    [Fact]
    public void Json_RoundTrip_KeepsEveryConstant()
    {
        var shipped = Fixtures.Calibration;
        var back = CostCalibration.FromJson(shipped.ToJson(), out var error);
        Assert.Null(error);
        Assert.Equal(shipped.ToJson(), back!.ToJson());
    }

    [Theory]
    [InlineData("{ \"global\": { \"dense\": -1, \"attention\": 0.5 }, \"vae_decode_flops_per_pixel\": 1, \"fixed_seconds_per_clip\": 1 }", "global")]
    [InlineData("not json", "not a calibration file")]
    public void FromJson_Invalid_ExplainsWhy(string json, string expected)
    {
        Assert.Null(CostCalibration.FromJson(json, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Shipped_IsFittedOnTheCalibrationSet()
    {
        Assert.True(Fixtures.Calibration.RowsUsed > 100);
        Assert.Contains("calibration.csv", Fixtures.Calibration.FittedOn, StringComparison.Ordinal);
    }
}
