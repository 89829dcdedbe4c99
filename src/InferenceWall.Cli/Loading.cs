using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Problems;

namespace InferenceWall.Cli;

/// <summary>Reads the catalog, calibration and measurement files: the only file I/O of the tool.</summary>
public static class Loading
{
    /// <summary>The embedded catalog plus, from <paramref name="directory"/>, any of gpus.csv, prices.csv, models.csv, apis.csv.</summary>
    public static (VideoCatalog Catalog, IReadOnlyList<Problem> Errors) Catalog(string? directory)
    {
        var files = EmbeddedData.CatalogFiles().ToList();
        var errors = new List<Problem>();
        if (directory is not null)
        {
            if (!Directory.Exists(directory))
            {
                errors.Add(Problem.InText("--catalog", null, null, $"'{directory}' is not a directory; give a folder holding gpus.csv, prices.csv, models.csv and/or apis.csv"));
                return (new VideoCatalog(), errors);
            }

            var known = Enum.GetValues<CatalogKind>().ToDictionary(CatalogFile.FileName, k => k, StringComparer.Ordinal);
            var found = 0;
            foreach (var path in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                if (known.TryGetValue(name, out var kind))
                {
                    var (text, error) = Text("--catalog", path);
                    if (error is not null)
                    {
                        errors.Add(Problem.InText(path, null, null, error));
                        continue;
                    }

                    files.Add(new CatalogFile(kind, path, text!));
                    found++;
                }
                else if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add(Problem.InText(path, null, null, $"not a catalog file name; use one of {string.Join(", ", known.Keys)}"));
                }
            }

            if (found == 0 && errors.Count == 0)
            {
                errors.Add(Problem.InText("--catalog", null, null, $"'{directory}' holds none of {string.Join(", ", known.Keys)}"));
            }
        }

        var (catalog, parseErrors) = CatalogParser.Parse(files);
        errors.AddRange(parseErrors);
        return (catalog, errors);
    }

    public static (CostCalibration? Calibration, string? Error) Calibration(string? path)
    {
        if (path is null)
        {
            return (CostCalibration.Shipped(), null);
        }

        if (!File.Exists(path))
        {
            return (null, $"--calibration: '{path}' does not exist; write one with `iwall calibrate --measurements FILE.csv --output {path}`");
        }

        var (text, readError) = Text("--calibration", path);
        if (readError is not null)
        {
            return (null, readError);
        }

        var calibration = CostCalibration.FromJson(text!, out var error);
        return calibration is null ? (null, $"--calibration: {path}: {error}") : (calibration, null);
    }

    public static (string? Text, string? Error) Text(string option, string path)
    {
        if (!File.Exists(path))
        {
            return (null, $"{option}: '{path}' does not exist");
        }

        try
        {
            return (File.ReadAllText(path), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"{option}: '{path}' cannot be read: {ex.Message}");
        }
    }

    /// <summary>Writes a file, or returns why it could not.</summary>
    public static string? Write(string option, string path, string text)
    {
        try
        {
            File.WriteAllText(path, text);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{option}: cannot write '{path}': {ex.Message}";
        }
    }
}
