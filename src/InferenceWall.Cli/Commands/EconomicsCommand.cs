using System.CommandLine;
using InferenceWall.Application.Economics;
using InferenceWall.Core.Problems;
using InferenceWall.Reporting.Charts;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall economics SCENARIO.yaml</c>: does the product earn more than it burns, and if not, what would have to change.</summary>
internal static class EconomicsCommand
{
    public static Command Create(CliIo io)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario YAML file (schema: scenarios/scenario.schema.json)" };
        var format = new Option<string>("--format") { Description = "table|json|csv", DefaultValueFactory = _ => "table" };
        var chart = new Option<string?>("--chart") { Description = "Write the wall chart (cost and price per clip against efficiency gain) to FILE.png or FILE.svg, and the value chain beside it as FILE-value-chain.png|svg" };
        var valueChart = new Option<string?>("--value-chain-chart") { Description = "Write where each day's money goes, as a stacked bar, to this FILE.png or FILE.svg instead" };
        var catalogDir = new Option<string?>("--catalog") { Description = "Folder of catalog CSV files that add to or override the shipped ones" };
        var calibrationFile = new Option<string?>("--calibration") { Description = "Calibration file [default: the shipped one]" };
        var simulate = new Option<bool>("--simulate") { Description = "Take GPU-hours and compute cost from a simulated day (peaks, idle capacity, preemptions) instead of the average-load formula" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the simulated day", DefaultValueFactory = _ => 1 };
        var command = new Command("economics", "Unit economics of a scenario: clips, GPU-hours, cost and revenue per clip, margin, the wall, the value chain.")
        {
            scenario, format, chart, valueChart, catalogDir, calibrationFile, simulate, seed,
        };
        command.SetAction(p => p.GetResult(seed) is { Implicit: false } && !p.GetValue(simulate)
            ? io.Problems([Problem.BadInput("--seed", "seeds the simulated day, which only --simulate runs", "add --simulate, or drop --seed")])
            : Run(io, p.GetValue(scenario)!, p.GetValue(format)!, p.GetValue(chart), p.GetValue(valueChart), p.GetValue(catalogDir), p.GetValue(calibrationFile),
                p.GetValue(simulate), p.GetValue(seed)));
        return command;
    }

    private static int Run(CliIo io, string path, string formatText, string? chart, string? valueChart, string? catalogDir, string? calibrationPath, bool simulate, ulong seed)
    {
        var errors = new List<string>();
        var formatProblems = new List<Problem>();
        var format = AnalysisOptions.Format(formatText, formatProblems, "table", "json", "csv");
        if (chart is not null && valueChart is null)
        {
            valueChart = Path.Combine(Path.GetDirectoryName(chart) ?? string.Empty, Path.GetFileNameWithoutExtension(chart) + "-value-chain" + Path.GetExtension(chart));
        }

        if (chart is not null && valueChart is not null && Path.GetFullPath(chart) == Path.GetFullPath(valueChart))
        {
            errors.Add($"--value-chain-chart '{valueChart}': the same file as --chart; give the two charts different files");
        }

        foreach (var (option, file) in new[] { ("--chart", chart), ("--value-chain-chart", valueChart) })
        {
            if (file is not null && ChartFile.Problem(option, file) is { } problem)
            {
                errors.Add(problem);
            }
        }

        var problems = errors.Select(e => Problem.BadInput(string.Empty, e)).Concat(formatProblems).ToList();
        var engine = CliInputs.Engine(catalogDir, calibrationPath);
        problems.AddRange(engine.Problems);
        var (source, readProblem) = CliInputs.Scenario(path);
        if (readProblem is not null)
        {
            problems.Add(readProblem);
        }

        if (problems.Count > 0)
        {
            return io.Problems(problems);
        }

        var request = new EconomicsRequest { Scenario = source!, Simulate = simulate, Seed = seed };
        var outcome = EconomicsUseCase.Run(request, engine.Value!);
        if (!outcome.IsOk)
        {
            return io.Problems(outcome);
        }

        io.Save(request, outcome.Value!, engine.Value!);

        var view = new EconomicsView(outcome.Value!);
        switch (format)
        {
            case "json": io.WriteJson(outcome.Value!); break;
            case "csv": view.Csv(io.Out); break;
            default: view.Render(io.Console()); break;
        }

        if (chart is not null)
        {
            view.WallChart(chart);
            io.Err.WriteLine($"wrote {chart}");
        }

        if (valueChart is not null)
        {
            view.ValueChainChart(valueChart);
            io.Err.WriteLine($"wrote {valueChart}");
        }

        return ExitCodes.Ok;
    }
}
