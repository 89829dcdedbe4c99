using System.CommandLine;
using System.Globalization;
using InferenceWall.Application.Diff;
using InferenceWall.Core.Problems;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall diff A.yaml B.yaml</c>: what changed between two scenarios and what it does to cost, latency and margin.</summary>
internal static class DiffCommand
{
    public static Command Create(CliIo io)
    {
        var a = new Argument<string>("a") { Description = "The first scenario" };
        var b = new Argument<string>("b") { Description = "The second scenario" };
        var format = AnalysisOptions.Format();
        var catalog = AnalysisOptions.Catalog();
        var command = new Command("diff", "What changed between two scenarios, and what it does to cost per clip, latency and margin.") { a, b, format, catalog };
        command.SetAction(p => Run(io, p.GetValue(a)!, p.GetValue(b)!, p.GetValue(format)!, p.GetValue(catalog)));
        return command;
    }

    private static int Run(CliIo io, string pathA, string pathB, string formatText, string? catalogDir)
    {
        var errors = new List<string>();
        var formatProblems = new List<Problem>();
        var format = AnalysisOptions.Format(formatText, formatProblems, "table", "json", "csv");
        var problems = errors.Select(e => Problem.BadInput(string.Empty, e)).Concat(formatProblems).ToList();
        var engine = CliInputs.Engine(catalogDir, null);
        problems.AddRange(engine.Problems);
        var (sourceA, problemA) = CliInputs.Scenario(pathA);
        var (sourceB, problemB) = CliInputs.Scenario(pathB);
        problems.AddRange(new[] { problemA, problemB }.OfType<Problem>().Distinct());
        if (problems.Count > 0)
        {
            return io.Problems(problems);
        }

        var outcome = DiffUseCase.Run(new DiffRequest { A = sourceA!, B = sourceB! }, engine.Value!);
        if (!outcome.IsOk)
        {
            return io.Problems(outcome);
        }

        var r = outcome.Value!;
        var e = r.Effects;
        var effects = new (string Key, string Label, DiffEffect Effect)[]
        {
            ("cost_per_clip_usd", "cost per clip ($)", e.CostPerClipUsd),
            ("latency_s", "latency per clip, mix-weighted (s)", e.LatencyS),
            ("revenue_per_clip_usd", "revenue per clip ($)", e.RevenuePerClipUsd),
            ("gross_margin", "gross margin (fraction)", e.GrossMargin),
            ("daily_burn_usd", "daily burn ($/day)", e.DailyBurnUsd),
            ("gross_profit_usd_per_day", "gross profit ($/day)", e.GrossProfitUsdPerDay),
            ("efficiency_gain_needed", "efficiency gain needed (×)", e.EfficiencyGainNeeded),
            ("gpu_hours_per_day", "paid GPU-hours per day", e.GpuHoursPerDay),
        };
        switch (format)
        {
            case "json":
                io.WriteJson(r);
                break;
            case "csv":
                io.Out.WriteLine("kind,key,a,b");
                foreach (var c in r.Changes)
                {
                    io.Out.WriteLine(string.Join(",", "field", EconomicsView.CsvField(c.Field), EconomicsView.CsvField(c.A ?? string.Empty), EconomicsView.CsvField(c.B ?? string.Empty)));
                }

                foreach (var (key, _, effect) in effects)
                {
                    io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"effect,{key},{effect.A:R},{effect.B:R}"));
                }

                break;
            default:
                var console = io.Console();
                var t = new Table().Border(TableBorder.Rounded).Title($"What changed ({r.Changes.Length} field{(r.Changes.Length == 1 ? string.Empty : "s")})");
                t.AddColumn("field");
                t.AddColumn(Markup.Escape(Path.GetFileName(pathA)));
                t.AddColumn(Markup.Escape(Path.GetFileName(pathB)));
                foreach (var c in r.Changes)
                {
                    t.AddRow(Markup.Escape(c.Field), Markup.Escape(c.A ?? "(absent)"), Markup.Escape(c.B ?? "(absent)"));
                }

                console.Write(t);
                var e2 = new Table().Border(TableBorder.Rounded).Title("What it does");
                foreach (var c in new[] { "figure", "A", "B", "change" })
                {
                    e2.AddColumn(c);
                }

                foreach (var (_, label, effect) in effects)
                {
                    var change = effect.Change is { } d
                        ? (d >= 0 ? "+" : string.Empty) + Fmt.Sig(d) + (effect.RelativeChange is { } rel ? " (" + rel.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture) + ")" : string.Empty)
                        : "— (" + effect.NoValueReason + ")";
                    e2.AddRow(label, effect.A is { } x ? Fmt.Sig(x) : "—", effect.B is { } y ? Fmt.Sig(y) : "—", Markup.Escape(change));
                }

                console.Write(e2);
                break;
        }

        return ExitCodes.Ok;
    }
}
