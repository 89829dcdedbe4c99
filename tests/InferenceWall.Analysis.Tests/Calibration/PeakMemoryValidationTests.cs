using InferenceWall.Analysis.Calibration;
using InferenceWall.Core;
using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Tests.Calibration;

public class PeakMemoryValidationTests
{
    private static IReadOnlyList<PreparedRow> ShippedRows() => CalibrationTests.ShippedRows();

    [Fact]
    public void Memory_ReportsEachRowsErrorAndTheStatisticsOverThem()
    {
        var prepared = ShippedRows();
        var report = Validation.Memory(prepared);

        // Every row with a published peak is either predicted or skipped with a reason; rows without one are not listed.
        var withPeak = prepared.Where(p => p.Measurement.PeakMemoryGb is not null).Select(p => p.Measurement.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(withPeak.Count, report.Rows.Length + report.Skipped.Length);
        Assert.All(report.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        Assert.NotEmpty(report.Rows);

        // Each error is recomputed here from the memory model and the row's reading of its published figure.
        foreach (var row in report.Rows)
        {
            var p = prepared.Single(x => x.Measurement.Id == row.Id);
            var reading = PeakReading.Of(p.Measurement, p.Request!);
            var need = ClipCost.PeakMemory(p.Request!, reading.Holding, out _)!.Value;
            var predicted = (reading.AllocatedOnly ? need.Allocated : need.Total) / Units.Giga;
            var published = p.Measurement.PeakMemoryGb!.Value * reading.BytesPerUnit / Units.Giga;
            Assert.Equal(predicted, row.PredictedGb, 9);
            Assert.Equal(published, row.MeasuredGb, 9);
            Assert.Equal((predicted - published) / published * 100.0, row.PctError, 9);
        }

        var errors = report.Rows.Select(r => Math.Abs(r.PctError)).ToList();
        Assert.Equal(Percentile.Of(errors, 50), report.MedianAbsPctError);
        Assert.Equal(Percentile.Of(errors, 90), report.P90AbsPctError);
        Assert.Equal(report.Rows.Length, report.ByGpuFamily.Sum(g => g.Rows));
        Assert.Equal(report.Rows.Length, report.ByModel.Sum(g => g.Rows));
        foreach (var g in report.ByModel)
        {
            Assert.Equal(Percentile.Of([.. report.Rows.Where(r => r.Model == g.Name).Select(r => r.AbsPctError)], 50), g.MedianAbsPctError);
        }
    }

    [Fact]
    public void Memory_ShippedCalibrationSet_MeetsTheBar()
    {
        // Issue 10: peak memory, median absolute error ≤ 15% overall.
        var report = Validation.Memory(ShippedRows());

        Assert.True(report.MedianAbsPctError <= 15.0, $"peak-memory median absolute error {report.MedianAbsPctError:F1}% over {report.Rows.Length} rows");
    }

    [Fact]
    public void Memory_NoPublishedPeak_NoStatistic()
    {
        var rows = ShippedRows().Select(p => p with { Measurement = p.Measurement with { PeakMemoryGb = null } });
        var report = Validation.Memory(rows);

        Assert.Empty(report.Rows);
        Assert.Empty(report.Skipped);
        Assert.Null(report.MedianAbsPctError);
        Assert.Empty(report.ByGpuFamily);
    }

    [Fact]
    public void PeakReading_ReadsHowEachPublishedPeakWasProduced()
    {
        var prepared = ShippedRows();
        PeakReading Reading(string id)
        {
            var p = prepared.Single(x => x.Measurement.Id == id);
            return PeakReading.Of(p.Measurement, p.Request!);
        }

        // Wan2.1's README: the official stack, the DiT loaded without a dtype (fp32), the VAE in fp32; GB.
        var wan = Reading("wan21ce-014");
        Assert.Equal(4.0, wan.Holding.TransformerBytesPerWeight);
        Assert.Equal(4.0, wan.Holding.VaeBytesPerActivation);
        Assert.False(wan.AllocatedOnly);
        Assert.Equal(1e9, wan.BytesPerUnit);
        Assert.True(prepared.Single(x => x.Measurement.Id == "wan21ce-001").Request!.TextEncoderOnCpu);

        // Wan2.2 with --convert_model_dtype: weights as the precision says.
        Assert.Null(Reading("wan22ce-001").Holding.TransformerBytesPerWeight);

        // diffusers-torchao: max_memory_allocated / 1024**3.
        var torchao = Reading("torchao-001");
        Assert.True(torchao.AllocatedOnly);
        Assert.Equal(1024.0 * 1024 * 1024, torchao.BytesPerUnit);
        Assert.Equal(MemoryHolding.Default, torchao.Holding);
        Assert.Equal(1.0, Reading("torchao-011").Holding.TextEncoderBytesPerWeight);
    }
}
