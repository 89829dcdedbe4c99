using InferenceWall.Application;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;
using InferenceWall.Scenarios;

namespace InferenceWall.Cli.Commands;

/// <summary>A scenario file with the catalog and calibration it is evaluated against; every problem collected.</summary>
internal sealed record ScenarioInput(Scenario Scenario, VideoCatalog Catalog, CostCalibration Calibration)
{
    /// <summary>A scenario file's text as the application layer takes it, named by its path, or the problem reading it.</summary>
    public static (ScenarioSource? Source, Problem? Problem) Source(string path)
    {
        var (text, problem) = CliInputs.Text("scenario", path);
        return text is null ? (null, problem) : (new ScenarioSource(path, text), null);
    }

    public static (ScenarioInput? Input, List<string> Errors) Load(string path, string? catalogDir, string? calibrationPath = null)
    {
        var errors = new List<string>();
        var (catalog, catalogErrors) = Loading.Catalog(catalogDir);
        errors.AddRange(catalogErrors.Select(e => e.ToString()));
        var (calibration, calibrationError) = Loading.Calibration(calibrationPath);
        if (calibrationError is not null)
        {
            errors.Add(calibrationError);
        }

        var (text, readError) = Loading.Text("scenario", path);
        if (readError is not null)
        {
            errors.Add(readError);
            return (null, errors);
        }

        var (scenario, parseErrors) = ScenarioYaml.Parse(path, text!);
        errors.AddRange(parseErrors.Select(e => e.ToString()));
        return errors.Count > 0 ? (null, errors) : (new ScenarioInput(scenario!, catalog, calibration!), errors);
    }
}
