using InferenceWall.Application;
using InferenceWall.Core.Problems;

namespace InferenceWall.Cli.Commands;

/// <summary>Reads a measurement file and the engine data (catalog, calibration) for calibrate and validate.</summary>
internal static class MeasurementInput
{
    /// <summary>The measurement file's text and the engine data, or every problem reading either.</summary>
    public static (string? Text, EngineData? Data) Load(string path, string? catalogDir, string? calibrationPath, List<Problem> problems)
    {
        var engine = CliInputs.Engine(catalogDir, calibrationPath);
        problems.AddRange(engine.Problems);
        var (text, problem) = CliInputs.Text("--measurements", path);
        if (problem is not null)
        {
            problems.Add(problem);
        }

        return (text, engine.Value);
    }

    /// <summary>The use cases' paths in this command's words.</summary>
    public static string WordPath(string path) => path switch
    {
        "measurements" => "--measurements",
        "leave_one_model_out" => "--leave-one-model-out",
        _ => path,
    };
}
