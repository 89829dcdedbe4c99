using System.CommandLine;
using System.Globalization;
using InferenceWall.Analysis.Scenarios;
using InferenceWall.Core.Economics;

namespace InferenceWall.Cli.Commands;

/// <summary>Options and parsing shared by the analysis commands.</summary>
internal static class AnalysisOptions
{
    public static Option<string> Format() => new("--format") { Description = "table|json|csv", DefaultValueFactory = _ => "table" };

    public static Option<string?> Chart(string what) => new("--chart") { Description = $"Write {what} to FILE.png or FILE.svg" };

    public static Option<string?> Catalog() => new("--catalog") { Description = "Folder of catalog CSV files that add to or override the shipped ones" };

    public static Option<int> Threads() => new("--threads") { Description = "Worker threads [default: all cores]; results are identical for any count", DefaultValueFactory = _ => Environment.ProcessorCount };

    /// <summary>Parses <c>path=v1,v2</c> or <c>path=start:stop:step</c> into an axis; errors name the option and the fix.</summary>
    public static SweepAxis? Axis(string text, Scenario scenario, List<string> errors)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            errors.Add($"--set '{text}': write FIELD=V1,V2,... or FIELD=START:STOP:STEP");
            return null;
        }

        var path = text[..eq].Trim();
        var spec = text[(eq + 1)..].Trim();
        if (ScenarioFields.Problem(scenario, path) is { } problem)
        {
            errors.Add("--set " + problem);
            return null;
        }

        if (ScenarioFields.IsText(path))
        {
            var words = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return words.Length == 0 ? Fail($"--set {path}: give at least one value") : new SweepAxis(path, [.. words.Select(w => new FieldValue(path, null, w))]);
        }

        var range = spec.Split(':');
        if (range.Length == 3)
        {
            if (!Num(range[0], out var start) || !Num(range[1], out var stop) || !Num(range[2], out var step) || step <= 0 || stop < start)
            {
                return Fail($"--set {path}={spec}: a range is START:STOP:STEP with STEP > 0 and STOP >= START");
            }

            var n = (int)Math.Floor(((stop - start) / step) + 1e-9) + 1;
            if (n > 10_000)
            {
                return Fail($"--set {path}={spec}: {n} values; a sweep axis takes at most 10,000");
            }

            return new SweepAxis(path, [.. Enumerable.Range(0, n).Select(i => new FieldValue(path, start + (i * step)))]);
        }

        var values = new List<FieldValue>();
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Num(part, out var v))
            {
                return Fail($"--set {path}: '{part}' is not a number");
            }

            values.Add(new FieldValue(path, v));
        }

        return new SweepAxis(path, [.. values]);

        SweepAxis? Fail(string message)
        {
            errors.Add(message);
            return null;
        }
    }

    public static bool Num(string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);

    /// <summary>Runs long work, turning Ctrl-C into a clean stop (exit code 130).</summary>
    public static int Cancellable(CliIo io, Func<int> work)
    {
        try
        {
            return work();
        }
        catch (OperationCanceledException)
        {
            io.Err.WriteLine("cancelled; nothing was written");
            return 130;
        }
    }
}
