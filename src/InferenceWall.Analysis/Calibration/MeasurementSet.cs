using System.Collections.Immutable;
using System.Globalization;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;

namespace InferenceWall.Analysis.Calibration;

/// <summary>
/// A measurement file's text read and prepared against a catalog: every row turned into a cost request or a reason it
/// cannot be predicted (rows the source contradicts itself on are skipped: <see cref="SelfContradiction"/>), or every
/// problem of the text (with its line). The text's size and row count are bounded.
/// </summary>
public static class MeasurementSet
{
    /// <summary>The most rows a measurement file may hold (the shipped calibration set has 232).</summary>
    public const int MaxRows = 5_000;

    /// <summary>The most characters a measurement file may hold (8 MiB; the shipped set is under 100 KiB).</summary>
    public const int MaxChars = 8 * 1024 * 1024;

    /// <summary>The rows of <paramref name="text"/>, problems located in <paramref name="source"/> (blank: <c>measurements</c>).</summary>
    public static (ImmutableArray<PreparedRow> Rows, ImmutableArray<Problem> Problems) Read(string? source, string? text, VideoCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        source = string.IsNullOrWhiteSpace(source) ? "measurements" : source;
        if (text is null)
        {
            return ([], [Problem.BadInput(Calibrator.MeasurementsPath, "no measurements were given", "give the text of a measurement CSV (format: docs/validation.md)")]);
        }

        if (text.Length > MaxChars)
        {
            return ([], [Problem.LimitExceeded(Calibrator.MeasurementsPath,
                $"the measurements are {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters; at most {MaxChars.ToString("N0", CultureInfo.InvariantCulture)} are read",
                $"split the file (at most {MaxRows.ToString("N0", CultureInfo.InvariantCulture)} rows)")]);
        }

        var (measurements, errors) = MeasurementCsv.Parse(source, text, catalog);
        if (errors.Count > 0)
        {
            return ([], [.. errors]);
        }

        if (measurements.Length > MaxRows)
        {
            return ([], [Problem.LimitExceeded(Calibrator.MeasurementsPath,
                $"the measurements hold {measurements.Length.ToString("N0", CultureInfo.InvariantCulture)} rows; at most {MaxRows.ToString("N0", CultureInfo.InvariantCulture)} are fitted or validated",
                "split the file")]);
        }

        return (SelfContradiction.Flag([.. measurements.Select(m => MeasurementPreparer.Prepare(m, catalog))]), []);
    }
}
