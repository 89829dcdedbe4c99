using System.CommandLine;
using System.Globalization;
using InferenceWall.Application.Levers;
using InferenceWall.Core.Problems;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall levers</c>: the path through the wall, lever by lever, and the set of levers that crosses it.</summary>
internal static class LeversCommand
{
    public static Command Create(CliIo io)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario YAML file" };
        var apply = new Option<string?>("--apply") { Description = "Lever ids to apply in this order, comma-separated (iwall catalog levers) [default: the best set the search finds]" };
        var format = AnalysisOptions.Format();
        var chart = AnalysisOptions.Chart("the waterfall chart");
        var catalog = AnalysisOptions.Catalog();
        var command = new Command("levers", "Price every efficiency lever through the cost model: a waterfall from today's cost per clip to the wall, and the cheapest set of levers that crosses it.")
        {
            scenario, apply, format, chart, catalog,
        };
        command.SetAction(p => Run(io, p.GetValue(scenario)!, p.GetValue(apply), p.GetValue(format)!, p.GetValue(chart), p.GetValue(catalog)));
        return command;
    }

    private static int Run(CliIo io, string path, string? apply, string formatText, string? chart, string? catalogDir)
    {
        var problems = new List<Problem>();
        var format = AnalysisOptions.Format(formatText, problems, "table", "json", "csv");
        AnalysisOptions.ChartProblem(chart, problems);
        var (source, data) = AnalysisOptions.Inputs(path, catalogDir, problems);
        var ids = apply is null ? [] : apply.Split(',', StringSplitOptions.TrimEntries);
        string Word(string p) => p.StartsWith("apply[", StringComparison.Ordinal) && int.TryParse(p.AsSpan(6, p.Length - 7), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < ids.Length
            ? $"--apply ('{ids[i]}')"
            : p == "apply" ? "--apply" : p;
        if (problems.Count > 0)
        {
            return io.Problems(problems, Word);
        }

        var outcome = LeversUseCase.Run(new LeversRequest { Scenario = source!, Apply = [.. ids] }, data!);
        if (outcome.Value is not { } r)
        {
            return io.Problems(outcome, Word);
        }

        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        static string Csv(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
        switch (format)
        {
            case "json":
                io.WriteJson(r);
                break;
            case "csv":
                io.Out.WriteLine("lever,kind,factor,cost_per_clip_usd,physics_floor,refused,quality_metric,quality_delta,quality_note,source");
                foreach (var s in r.Steps)
                {
                    io.Out.WriteLine(string.Join(",", Csv(s.Lever), s.Kind, F(s.Factor), F(s.CostPerClipUsd), F(s.PhysicsFloor), Csv(s.Refused ?? string.Empty), Csv(s.QualityMetric),
                        s.QualityDelta is { } d ? F(d) : string.Empty, Csv(s.QualityNote), Csv(s.Source)));
                }

                break;
            default:
                Table(io, r);
                break;
        }

        if (chart is not null)
        {
            Reporting.Charts.WaterfallChart.Save(chart, $"The path through the wall: {r.Scenario}", r.StartCostPerClipUsd,
                [.. r.Steps.Select(s => new Reporting.Charts.WaterfallStep(s.Lever, s.CostPerClipUsd, s.Factor, s.Refused is not null))], r.RevenuePerClipUsd);
            io.Err.WriteLine($"wrote {chart}");
        }

        return ExitCodes.Ok;
    }

    private static void Table(CliIo io, LeversResponse r)
    {
        var console = io.Console();
        var wall = r.RevenuePerClipUsd > 0 ? $"the wall: revenue {Fmt.Usd(r.RevenuePerClipUsd)} per clip" : "no revenue per clip (no wall to cross)";
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{Markup.Escape(r.Scenario)}: cost per clip {Fmt.Usd(r.StartCostPerClipUsd)} today; {Markup.Escape(wall)} ({(r.Chosen == "apply" ? "levers as given" : "the best set found")})");
        foreach (var c in new[] { "lever", "kind", "factor", "cost per clip ($)", "physics floor", "quality", "source" })
        {
            table.AddColumn(c);
        }

        foreach (var s in r.Steps)
        {
            table.AddRow(Markup.Escape(s.Lever), s.Kind, s.Refused is null ? "×" + Fmt.Sig(s.Factor) : "refused", Fmt.Usd(s.CostPerClipUsd), s.PhysicsFloor > 0 ? "×" + Fmt.Sig(s.PhysicsFloor) : "—",
                Markup.Escape(s.Refused is { } why ? "refused: " + why : s.QualityNote), Markup.Escape(s.Source));
        }

        console.Write(table);
        io.Out.WriteLine($"after the levers: {Fmt.Usd(r.EndCostPerClipUsd)} per clip, {Fmt.Sig(r.TimesCheaper)}× cheaper; " +
            (r.RevenuePerClipUsd <= 0 ? "no revenue to compare against" : r.CrossesWall ? "crosses the wall" : $"still {Fmt.Sig(r.EndCostPerClipUsd / r.RevenuePerClipUsd)}× the revenue per clip"));
        var s2 = r.Search;
        io.Out.WriteLine($"search: {s2.SetsPriced:N0} lever sets priced (at most one lever per kind), {s2.SetsRefused:N0} refused by a combination rule or the cost model");
        if (s2.Crossing.Length > 0)
        {
            io.Out.WriteLine("sets that cross the wall, by quality cost (fewest levers without a published quality figure, then the smallest published loss, then the cheapest):");
            foreach (var set in s2.Crossing)
            {
                io.Out.WriteLine($"  {(set.Levers.Length == 0 ? "no lever (it crosses already)" : string.Join(" + ", set.Levers))}: {Fmt.Usd(set.CostPerClipUsd)} per clip; {set.UnpublishedQuality} without a published quality figure, published loss {Fmt.Sig(set.PublishedQualityLoss)}");
            }
        }
        else if (s2.Cheapest is { } c)
        {
            io.Out.WriteLine($"no set crosses the wall: the cheapest, {string.Join(" + ", c.Levers.DefaultIfEmpty("no lever"))}, costs {Fmt.Usd(c.CostPerClipUsd)} per clip" +
                (s2.Shortfall is { } f ? $", {Fmt.Sig(f)}× the revenue per clip" : string.Empty));
        }
    }
}
