using InferenceWall.Analysis.Calibration;
using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Tests.Calibration;

/// <summary>Rows measured with a step cache are priced by the cache's lever (levers.csv), scored apart and never fitted (issue 11).</summary>
public sealed class StepCacheRowsTests
{
    [Fact]
    public void Prepare_TeaCacheRow_TakesItsLeversComputedShareAndIsNotFitted()
    {
        var row = CalibrationTests.ShippedRows().Single(r => r.Measurement.Id == "teacache-008");

        Assert.Equal("teacache-wan21-14b", row.Lever);
        Assert.Equal(0.491, row.Request!.ComputedStepShare);
        Assert.False(row.Fitted);
        Assert.Contains("priced by lever teacache-wan21-14b", row.Assumptions, StringComparison.Ordinal);
        // Its uncached twin of the same README is fitted as before.
        Assert.True(CalibrationTests.ShippedRows().Single(r => r.Measurement.Id == "teacache-007").Fitted);
    }

    [Fact]
    public void Prepare_CacheSettingWithoutALever_IsSkippedSayingSo()
    {
        var row = CalibrationTests.ShippedRows().Single(r => r.Measurement.Id == "lightx2v-007");

        Assert.Null(row.Request);
        Assert.Contains("no step_cache lever in levers.csv is measured as this setting", row.SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CacheAndDistilledRows_ScoredApartWithinTheBar()
    {
        var report = Validation.Run(CalibrationTests.ShippedRows(), CostCalibration.Shipped());

        var levered = report.Rows.Where(r => r.Lever is not null).ToList();
        Assert.Contains(levered, r => r.Lever == "teacache-hunyuan" && !r.Scored);
        Assert.Contains(levered, r => r.Lever == "other:distill-4step" && r.Scored);
        Assert.Equal(levered.Count, report.LeverRows!.Rows);
        // Issue 11's bar: the rows with step caches and distilled models predicted with a median absolute error of at most 25%.
        Assert.True(report.LeverRows.MedianAbsPctError <= 25, $"{report.LeverRows.MedianAbsPctError:F1}%");
        Assert.DoesNotContain(report.Rows, r => r.Scored && r.Lever is not null && !r.Lever.StartsWith("other:distill", StringComparison.Ordinal));
    }
}
