using System.CommandLine;
using InferenceWall.Application.Report;
using InferenceWall.Core.Problems;
using InferenceWall.Reporting.Report;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall report scenario.yaml -o report.html</c>: one self-contained HTML page with the tables and charts.</summary>
internal static class ReportCommand
{
    public static Command Create(CliIo io)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario YAML file" };
        var output = new Option<string>("--output", "-o") { Description = "HTML file to write", DefaultValueFactory = _ => "report.html" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the simulated day (when the scenario has a simulation section)", DefaultValueFactory = _ => 1 };
        var catalog = AnalysisOptions.Catalog();
        var command = new Command("report", "Write one self-contained HTML page: unit economics, the wall, the value chain, sensitivity, the simulated day, API prices.") { scenario, output, seed, catalog };
        command.SetAction(p => Run(io, p.GetValue(scenario)!, p.GetValue(output)!, p.GetValue(seed), p.GetValue(catalog)));
        return command;
    }

    private static int Run(CliIo io, string path, string output, ulong seed, string? catalogDir)
    {
        var problems = new List<Problem>();
        var engine = CliInputs.Engine(catalogDir, null);
        problems.AddRange(engine.Problems);
        var (source, readProblem) = CliInputs.Scenario(path);
        if (readProblem is not null)
        {
            problems.Add(readProblem);
        }

        if (!output.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(Problem.BadInput("--output", $"'{output}': the file must end in .html"));
        }

        if (problems.Count > 0)
        {
            return io.Problems(problems);
        }

        var outcome = ReportUseCase.Run(new ReportRequest { Scenario = source! with { Name = Path.GetFileName(path) }, Seed = seed }, engine.Value!);
        if (!outcome.IsOk)
        {
            return io.Problems(outcome);
        }

        var html = HtmlReport.Build(outcome.Value!);
        if (CliInputs.Write("--output", output, html) is { } writeError)
        {
            return io.Problems([writeError]);
        }

        io.Out.WriteLine($"wrote {output} ({html.Length / 1024:N0} KB, self-contained)");
        return ExitCodes.Ok;
    }
}
