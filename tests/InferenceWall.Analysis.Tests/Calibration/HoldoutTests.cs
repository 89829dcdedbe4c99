using InferenceWall.Analysis.Calibration;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Tests.Calibration;

/// <summary>The held-out measurement set stays independent of the calibration set and is never fitted on.</summary>
public sealed class HoldoutTests
{
    private static readonly VideoCatalog Catalog = EmbeddedData.Catalog();

    private static IReadOnlyList<PreparedRow> Read(string file)
    {
        var path = RepoPaths.Of("data", "measurements", file);
        var (rows, problems) = MeasurementSet.Read(path, File.ReadAllText(path), Catalog);
        Assert.Empty(problems);
        return rows;
    }

    /// <summary>The files a row cites: its source split on " + " and "; ", each part up to its "(commit ...)" remark.</summary>
    private static IEnumerable<string> SourceFiles(Measurement m) =>
        m.Source.Split([" + ", "; "], StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split(" (")[0].Trim())
            .Where(part => part.Length > 0);

    [Fact]
    public void Holdout_SharesNoRowIdAndNoSourceFileWithTheCalibrationSet()
    {
        var calibration = Read("calibration.csv");
        var holdout = Read("holdout.csv");

        Assert.True(holdout.Count >= 100, $"{holdout.Count} held-out rows");
        Assert.Empty(holdout.Select(r => r.Measurement.Id).Intersect(calibration.Select(r => r.Measurement.Id), StringComparer.Ordinal));
        var calibrationFiles = calibration.SelectMany(r => SourceFiles(r.Measurement)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Empty(holdout.SelectMany(r => SourceFiles(r.Measurement)).Where(calibrationFiles.Contains).Distinct());
    }

    [Fact]
    public void ShippedCalibration_IsFittedOnTheCalibrationSetAlone()
    {
        Assert.StartsWith("calibration.csv ", CostCalibration.Shipped().FittedOn, StringComparison.Ordinal);
    }

    [Fact]
    public void Holdout_IsScoredByTheShippedFit()
    {
        // Every held-out row is either scored, predicted but unscored, or skipped with its reason: none is lost.
        var rows = Read("holdout.csv");
        var report = Validation.Run(rows, CostCalibration.Shipped());

        Assert.Equal(rows.Count, report.Rows.Length + report.Skipped.Length);
        Assert.True(report.ScoredRows >= 80, $"{report.ScoredRows} scored held-out rows");
        Assert.All(report.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
    }

    [Fact]
    public void ShippedCalibration_NoRowRunsAboveItsPeak()
    {
        // The physical ceiling: with every factor applied (family, GPU, precision, kernel, stack, compile), no row of
        // the calibration set achieves more than 100% of its GPU's peak (the fit's tolerance is 1%).
        var calibration = CostCalibration.Shipped();
        var worst = Read("calibration.csv").Where(r => r.Request is not null)
            .Select(r => calibration.AchievedShares(r.Request!))
            .Max(e => Math.Max(e.Dense, e.Attention));

        Assert.InRange(worst, 0.05, 1 + Calibrator.CeilingTolerance);
    }
}
