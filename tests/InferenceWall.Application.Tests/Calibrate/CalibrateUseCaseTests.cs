using System.Globalization;
using System.Text;
using System.Text.Json;
using InferenceWall.Analysis.Calibration;
using InferenceWall.Application.Calibrate;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Tests.Calibrate;

public class CalibrateUseCaseTests
{
    private static Outcome<CalibrateResponse> Run(string text, string name = "m.csv") =>
        CalibrateUseCase.Run(new CalibrateRequest { MeasurementsCsv = text, MeasurementsName = name }, EngineData.Shipped);

    [Fact]
    public void Run_ShippedMeasurements_GivesTheShippedCalibration()
    {
        var outcome = Run(MeasurementTexts.Shipped, "data/measurements/calibration.csv");

        var fit = Assert.IsType<CalibrateResponse>(outcome.Value);
        var shipped = CostCalibration.Shipped();
        var written = CostCalibration.FromJson(fit.CalibrationJson, out var error);
        Assert.Null(error);
        Assert.Equal("calibration.csv (233 rows read)", fit.FittedOn);
        Assert.Equal(shipped.FittedOn, written!.FittedOn);
        Assert.Equal(233, fit.RowsRead);
        Assert.Equal(shipped.RowsUsed, fit.RowsUsed);
        Assert.Equal(shipped.Global.Dense, written.Global.Dense, 9);
        Assert.Equal(shipped.Global.Attention, written.Global.Attention, 9);
        Assert.Equal(shipped.GpuScale.Keys, written.GpuScale.Keys);
        Assert.Equal(shipped.FixedSecondsPerClip, written.FixedSecondsPerClip, 9);
        Assert.Equal(5.75, fit.InSample.MedianAbsPctError!.Value, 2);
        Assert.Equal(170, fit.InSample.ScoredRows);
    }

    [Fact]
    public void Run_ShippedMeasurements_ContractJsonIsSnakeCaseAndFinite()
    {
        var fit = Run(MeasurementTexts.Shipped).Value!;

        var json = MeasurementTexts.Contract(fit);

        MeasurementTexts.AssertFiniteNumbers(json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(169, root.GetProperty("rows_used").GetInt32());
        Assert.True(root.GetProperty("parameters_fitted").GetInt32() > 20);
        Assert.True(root.GetProperty("calibration").GetProperty("families").GetProperty("hopper").GetProperty("dense").GetDouble() is > 0 and <= 1);
        Assert.True(root.GetProperty("in_sample").GetProperty("p90_abs_pct_error").GetDouble() > 0);
        Assert.False(root.TryGetProperty("calibration_json", out _));
    }

    [Theory]
    [InlineData(14, "wan21ce-001")]
    [InlineData(16, "wan21ce-001", "wan21ce-004")]
    public void Run_OneOrTwoRows_RefusedAsUnderDetermined(int constants, params string[] ids)
    {
        // Regression: one row on an RTX 4090 "succeeded" with a dense efficiency of 124% of peak.
        var outcome = Run(MeasurementTexts.Rows(ids));

        Assert.Null(outcome.Value);
        Assert.True(outcome.IsInfeasible);
        Assert.Contains(outcome.Problems, p => p.Path == "measurements" && p.Message.Contains($"needs at least {constants} usable rows", StringComparison.Ordinal));
        MeasurementTexts.AssertNoCliWords(outcome.Problems);
    }

    [Fact]
    public void Run_TwoRowsOnOneGpu_RefusedNotInfinite()
    {
        // Regression: these two rows fitted constants of infinity, and writing the calibration crashed.
        var outcome = Run(MeasurementTexts.Rows("xdit-hyv-021", "xdit-hyv-020"));

        Assert.True(outcome.IsInfeasible);
        Assert.Contains(outcome.Problems, p => p.Message.Contains("2 rows are usable", StringComparison.Ordinal) && p.Message.Contains("at least 15 usable rows", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_OneRowOnAFamily_RefusedWithTheMinimumPerFamily()
    {
        var ids = MeasurementTexts.ShippedLines.Skip(1).Where(l => l.Contains(",H100-SXM,", StringComparison.Ordinal) && l.Contains(",true,", StringComparison.Ordinal))
            .Select(l => l.Split(',')[0]).Take(30).Append("wan21ce-001").ToArray();

        var outcome = Run(MeasurementTexts.Rows(ids));

        Assert.True(outcome.IsInfeasible);
        Assert.Contains(outcome.Problems, p => p.Message.Contains("GPU family 'ada' has 1 usable row", StringComparison.Ordinal) && p.Message.Contains("at least 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_RowsFasterThanPeak_RefusedAsInfeasible()
    {
        // Every latency a thousandth of what was measured: only efficiencies far above 100% of peak could explain it.
        var lines = MeasurementTexts.ShippedLines;
        var latency = Array.IndexOf(lines[0].Split(','), "latency_s");
        var text = new StringBuilder(lines[0]).Append('\n');
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (double.TryParse(cells[latency], NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
            {
                cells[latency] = (s / 1000).ToString("R", CultureInfo.InvariantCulture);
            }

            text.Append(string.Join(',', cells)).Append('\n');
        }

        var outcome = Run(text.ToString());

        Assert.True(outcome.IsInfeasible);
        Assert.Contains(outcome.Problems, p => p.Message.Contains("outside (0, 100%] of peak", StringComparison.Ordinal));
        MeasurementTexts.AssertNoCliWords(outcome.Problems);
    }

    [Fact]
    public void Run_HeaderOnly_Infeasible()
    {
        var outcome = Run(MeasurementTexts.Header + "\n");

        Assert.True(outcome.IsInfeasible);
        Assert.Equal("measurements", Assert.Single(outcome.Problems).Path);
    }

    [Fact]
    public void Run_BadCell_BadInputLocatedAtFileAndLine()
    {
        var text = MeasurementTexts.Rows("wan21ce-001").Replace(",81,50,", ",81,fifty,", StringComparison.Ordinal);

        var outcome = Run(text, "runs.csv");

        var p = Assert.Single(outcome.Problems);
        Assert.Equal(ProblemKind.BadInput, p.Kind);
        Assert.Equal("steps", p.Path);
        Assert.Equal(new SourceLocation("runs.csv", 2), p.Location);
    }

    [Fact]
    public void Run_NullText_BadInput()
    {
        var outcome = CalibrateUseCase.Run(new CalibrateRequest { MeasurementsCsv = null!, MeasurementsName = null! }, EngineData.Shipped);

        Assert.Equal(ProblemKind.BadInput, Assert.Single(outcome.Problems).Kind);
    }

    [Fact]
    public void Run_MoreRowsThanTheLimit_LimitExceeded()
    {
        var row = MeasurementTexts.ShippedLines[1];
        var rest = row[row.IndexOf(',', StringComparison.Ordinal)..];
        var text = new StringBuilder(MeasurementTexts.Header).Append('\n');
        for (var i = 0; i <= MeasurementSet.MaxRows; i++)
        {
            text.Append("r-").Append(i).Append(rest).Append('\n');
        }

        var outcome = Run(text.ToString());

        var p = Assert.Single(outcome.Problems);
        Assert.Equal(ProblemKind.LimitExceeded, p.Kind);
        Assert.Contains("at most 5,000", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TextPastTheSizeLimit_LimitExceeded()
    {
        var outcome = Run(MeasurementTexts.Header + "\n" + new string('x', MeasurementSet.MaxChars));

        Assert.Equal(ProblemKind.LimitExceeded, Assert.Single(outcome.Problems).Kind);
    }
}
