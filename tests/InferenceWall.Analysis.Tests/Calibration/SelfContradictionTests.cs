using InferenceWall.Analysis.Calibration;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;

namespace InferenceWall.Analysis.Tests.Calibration;

public class SelfContradictionTests
{
    private static readonly VideoCatalog Catalog = EmbeddedData.Catalog();

    private static IReadOnlyList<PreparedRow> Read(params string[] rows)
    {
        var (prepared, problems) = MeasurementSet.Read("m.csv", MeasurementCsvTests.Header + "\n" + string.Join('\n', rows) + "\n", Catalog);
        Assert.Empty(problems);
        return prepared;
    }

    [Fact]
    public void SameSourceAndSettings_LatenciesMoreThanTenPercentApart_BothSkippedNamingTheOther()
    {
        var rows = Read(MeasurementStackTests.Row("a-1", latency: "100"), MeasurementStackTests.Row("a-2", latency: "111"));

        Assert.All(rows, r => Assert.Null(r.Request));
        Assert.Contains("a-2 (111 s)", rows[0].SkipReason, StringComparison.Ordinal);
        Assert.Contains("a-1 (100 s)", rows[1].SkipReason, StringComparison.Ordinal);
        Assert.Contains("contradicts itself", rows[0].SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void SameSourceAndSettings_WithinTenPercent_BothKept()
    {
        var rows = Read(MeasurementStackTests.Row("a-1", latency: "100"), MeasurementStackTests.Row("a-2", latency: "109"));

        Assert.All(rows, r => Assert.NotNull(r.Request));
        Assert.All(rows, r => Assert.Null(r.SkipReason));
    }

    [Theory]
    [InlineData("stack")]
    [InlineData("source")]
    [InlineData("compiled")]
    [InlineData("offload")]
    public void RowsThatDifferInARecordedSetting_NeverContradict(string setting)
    {
        var second = setting switch
        {
            "stack" => MeasurementStackTests.Row("a-2", latency: "200", stack: "lightx2v"),
            "source" => MeasurementStackTests.Row("a-2", latency: "200", source: "another paper"),
            "compiled" => MeasurementStackTests.Row("a-2", latency: "200", compiled: "true"),
            _ => MeasurementStackTests.Row("a-2", latency: "200", offload: "model"),
        };

        var rows = Read(MeasurementStackTests.Row("a-1", latency: "100"), second);

        Assert.All(rows, r => Assert.Null(r.SkipReason));
    }

    [Fact]
    public void ThreeRows_OnlyThoseThatDisagreeWithSomeOtherAreSkipped()
    {
        // 100 and 105 agree with each other; 130 disagrees with both, so each of the three disagrees with some row.
        var agreeing = Read(MeasurementStackTests.Row("a-1", latency: "100"), MeasurementStackTests.Row("a-2", latency: "105"),
            MeasurementStackTests.Row("a-3", latency: "108"));
        var outlier = Read(MeasurementStackTests.Row("a-1", latency: "100"), MeasurementStackTests.Row("a-2", latency: "105"),
            MeasurementStackTests.Row("a-3", latency: "130"));

        Assert.All(agreeing, r => Assert.Null(r.SkipReason));
        Assert.All(outlier, r => Assert.NotNull(r.SkipReason));
        Assert.DoesNotContain("a-2", outlier[0].SkipReason, StringComparison.Ordinal);
        Assert.Contains("a-3", outlier[0].SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void RowSkippedForAnotherReason_KeepsIt()
    {
        var rows = Read(MeasurementStackTests.Row("a-1", latency: "100", gpu: "UNKNOWN"), MeasurementStackTests.Row("a-2", latency: "150", gpu: "UNKNOWN"));

        Assert.All(rows, r => Assert.Equal("GPU model not stated", r.SkipReason));
    }

    [Fact]
    public void Shipped_TheTorchaoFp8PairIsFlagged_AndEveryFlaggedRowHasAPartnerFromItsSource()
    {
        var path = RepoPaths.Of("data", "measurements", "calibration.csv");
        var (rows, problems) = MeasurementSet.Read(path, File.ReadAllText(path), Catalog);
        Assert.Empty(problems);

        var flagged = rows.Where(r => r.SkipReason?.Contains("contradicts itself", StringComparison.Ordinal) == true).ToList();

        // torchao-019 (a prose claim, compile not stated) and torchao-016 (the table's eager fp8 row) read the same.
        Assert.Contains(flagged, r => r.Measurement.Id == "torchao-016");
        Assert.Contains(flagged, r => r.Measurement.Id == "torchao-019");
        Assert.All(flagged, r => Assert.Contains(flagged, o => o.Measurement.Id != r.Measurement.Id && o.Measurement.Source == r.Measurement.Source
            && r.SkipReason!.Contains(o.Measurement.Id + " (", StringComparison.Ordinal)));
    }
}
