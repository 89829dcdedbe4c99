using System.Collections.Immutable;
using InferenceWall.Application;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;

namespace InferenceWall.Cli;

/// <summary>
/// Reads the files a command names into the texts the application layer takes, and writes the files it asks for:
/// the CLI's only file access (charts aside, which the Reporting project saves).
/// </summary>
internal static class CliInputs
{
    /// <summary>A scenario file's text as the application layer takes it, named by its path, or the problem reading it.</summary>
    public static (ScenarioSource? Source, Problem? Problem) Scenario(string path)
    {
        var (text, problem) = Text("scenario", path);
        return text is null ? (null, problem) : (new ScenarioSource(path, text), null);
    }

    /// <summary>Writes a file, or returns the problem naming the option.</summary>
    public static Problem? Write(string option, string path, string text)
    {
        try
        {
            File.WriteAllText(path, text);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Problem.BadInput(option, $"cannot write '{path}': {ex.Message}");
        }
    }

    /// <summary>The catalog folder's files and the calibration file as texts, or the problems reading them.</summary>
    public static (DataInputs? Inputs, List<Problem> Problems) Data(string? catalogDir, string? calibrationPath)
    {
        var problems = new List<Problem>();
        var files = ImmutableArray.CreateBuilder<CatalogFile>();
        if (catalogDir is not null)
        {
            var known = Enum.GetValues<CatalogKind>().ToDictionary(CatalogFile.FileName, k => k, StringComparer.Ordinal);
            if (!Directory.Exists(catalogDir))
            {
                problems.Add(Problem.BadInput("--catalog", $"'{catalogDir}' is not a directory", $"give a folder holding any of {string.Join(", ", known.Keys)}"));
            }
            else
            {
                foreach (var path in Directory.GetFiles(catalogDir).Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(path);
                    if (known.TryGetValue(name, out var kind))
                    {
                        var (text, problem) = Text("--catalog", path);
                        if (problem is not null)
                        {
                            problems.Add(problem);
                        }
                        else
                        {
                            files.Add(new CatalogFile(kind, path, text!));
                        }
                    }
                    else if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                    {
                        problems.Add(Problem.InText(path, null, null, $"not a catalog file name; use one of {string.Join(", ", known.Keys)}"));
                    }
                }

                if (files.Count == 0 && problems.Count == 0)
                {
                    problems.Add(Problem.BadInput("--catalog", $"'{catalogDir}' holds none of {string.Join(", ", known.Keys)}"));
                }
            }
        }

        string? calibration = null;
        if (calibrationPath is not null)
        {
            var (text, problem) = Text("--calibration", calibrationPath);
            if (problem is not null)
            {
                problems.Add(problem with { Fix = $"write one with `iwall calibrate --measurements FILE.csv --output {calibrationPath}`" });
            }

            calibration = text;
        }

        return problems.Count > 0 ? (null, problems) : (new DataInputs { CatalogFiles = files.ToImmutable(), CalibrationJson = calibration, CalibrationSource = calibrationPath ?? "calibration" }, problems);
    }

    /// <summary>The catalog and calibration, with the folder's and file's overrides, or every problem.</summary>
    public static Outcome<EngineData> Engine(string? catalogDir, string? calibrationPath)
    {
        var (inputs, problems) = Data(catalogDir, calibrationPath);
        return inputs is null ? Outcome<EngineData>.Fail(problems) : EngineData.Load(inputs);
    }

    /// <summary>A file's text, or a problem naming the option and the file. Files over <see cref="MaxBytes"/> are refused.</summary>
    public static (string? Text, Problem? Problem) Text(string option, string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                return (null, Problem.BadInput(option, $"'{path}' is a folder", "give a file"));
            }

            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return (null, Problem.BadInput(option, $"'{path}' does not exist"));
            }

            if (info.Length > MaxBytes)
            {
                return (null, Problem.LimitExceeded(option, $"'{path}' is {info.Length:N0} bytes; the limit is {MaxBytes:N0} bytes", "split the file or trim it"));
            }

            return (File.ReadAllText(path), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, Problem.BadInput(option, $"'{path}' cannot be read: {ex.Message}"));
        }
    }

    /// <summary>The largest input file read (256 MiB): a day's trace of 10M arrivals fits well within it.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;
}
