using System.Collections.Immutable;
using InferenceWall.Analysis.Calibration;
using InferenceWall.Core.Catalog;

namespace InferenceWall.Cli.Commands;

/// <summary>Reads a measurement file and the catalog, reporting every problem of both.</summary>
internal static class MeasurementInput
{
    public static (ImmutableArray<PreparedRow> Rows, VideoCatalog Catalog, List<string> Errors) Load(string path, string? catalogDir)
    {
        var errors = new List<string>();
        var (catalog, catalogErrors) = Loading.Catalog(catalogDir);
        errors.AddRange(catalogErrors.Select(e => e.ToString()));
        var (text, readError) = Loading.Text("--measurements", path);
        if (readError is not null)
        {
            errors.Add(readError);
            return ([], catalog, errors);
        }

        var (rows, parseErrors) = MeasurementCsv.Parse(path, text!);
        errors.AddRange(parseErrors.Select(e => e.ToString()));
        return ([.. rows.Select(m => MeasurementPreparer.Prepare(m, catalog))], catalog, errors);
    }
}
