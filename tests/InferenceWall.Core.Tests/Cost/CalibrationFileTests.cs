using InferenceWall.Core.Cost;

namespace InferenceWall.Core.Tests.Cost;

/// <summary>A calibration file given with --calibration is held to the calibrator's own bounds (issue 8 review).</summary>
public sealed class CalibrationFileTests
{
    private static string Shipped => EmbeddedData.Read("calibration.json");

    [Fact]
    public void FromJson_EfficiencyAbovePeak_Refused()
    {
        var json = System.Text.RegularExpressions.Regex.Replace(Shipped, "(\"hopper\": \\{\\s*\"dense\": )[0-9.]+", "${1}1e300");
        Assert.NotEqual(Shipped, json);
        Assert.Null(CostCalibration.FromJson(json, out var error));
        Assert.Contains("families.hopper", error, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_MisspeltKey_RefusedNotIgnored()
    {
        var json = Shipped.Replace("\"families\"", "\"familes\"", StringComparison.Ordinal);
        Assert.Null(CostCalibration.FromJson(json, out var error));
        Assert.Contains("familes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_EmptyObject_NamesNoDotNetType()
    {
        Assert.Null(CostCalibration.FromJson("{}", out var error));
        Assert.DoesNotContain("InferenceWall.", error, StringComparison.Ordinal);
    }
}
