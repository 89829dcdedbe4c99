using System.CommandLine;
using System.Globalization;
using InferenceWall.Analysis.Scenarios;
using InferenceWall.Scenarios;
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
        var (inputA, errorsA) = ScenarioInput.Load(pathA, catalogDir);
        var (inputB, errorsB) = ScenarioInput.Load(pathB, catalogDir);
        var errors = errorsA.Concat(errorsB).Distinct().ToList();
        var format = Parse.Format(formatText, errors, "table", "json", "csv");
        PointMetrics? ma = null, mb = null;
        if (errors.Count == 0)
        {
            string? pa, pb;
            (ma, pa) = PointMetrics.Of(inputA!.Scenario, 1, inputA.Catalog, inputA.Calibration);
            (mb, pb) = PointMetrics.Of(inputB!.Scenario, 1, inputB.Catalog, inputB.Calibration);
            if (pa is not null)
            {
                errors.Add($"{pathA}: {pa}");
            }

            if (pb is not null)
            {
                errors.Add($"{pathB}: {pb}");
            }
        }

        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        var fa = ScenarioFlattener.Flatten(File.ReadAllText(pathA));
        var fb = ScenarioFlattener.Flatten(File.ReadAllText(pathB));
        var changes = fa.Keys.Union(fb.Keys).Order(StringComparer.Ordinal)
            .Select(k => (Field: k, A: fa.GetValueOrDefault(k), B: fb.GetValueOrDefault(k)))
            .Where(c => c.A != c.B)
            .ToList();
        var effects = new (string Key, string Label, double? A, double? B)[]
        {
            ("cost_per_clip_usd", "cost per clip ($)", ma!.CostPerClipUsd, mb!.CostPerClipUsd),
            ("latency_s", "latency per clip, mix-weighted (s)", ma.LatencySeconds, mb.LatencySeconds),
            ("revenue_per_clip_usd", "revenue per clip ($)", ma.RevenuePerClipUsd, mb.RevenuePerClipUsd),
            ("gross_margin", "gross margin (fraction)", ma.GrossMargin, mb.GrossMargin),
            ("daily_burn_usd", "daily burn ($/day)", ma.DailyBurnUsd, mb.DailyBurnUsd),
            ("gross_profit_usd_per_day", "gross profit ($/day)", ma.GrossProfitUsdPerDay, mb.GrossProfitUsdPerDay),
            ("efficiency_gain_needed", "efficiency gain needed (×)", double.IsFinite(ma.EfficiencyGainNeeded) ? ma.EfficiencyGainNeeded : null, double.IsFinite(mb.EfficiencyGainNeeded) ? mb.EfficiencyGainNeeded : null),
            ("gpu_hours_per_day", "paid GPU-hours per day", ma.GpuHoursPerDay, mb.GpuHoursPerDay),
        };
        switch (format)
        {
            case "json":
                io.WriteLegacyJson(new
                {
                    a = pathA,
                    b = pathB,
                    changes = changes.Select(c => new { field = c.Field, a = c.A, b = c.B }),
                    effects = effects.ToDictionary(e => e.Key, e => new { a = e.A, b = e.B, change = e.A is { } x && e.B is { } y ? y - x : (double?)null }),
                });
                break;
            case "csv":
                io.Out.WriteLine("kind,key,a,b");
                foreach (var c in changes)
                {
                    io.Out.WriteLine(string.Join(",", "field", EconomicsView.CsvField(c.Field), EconomicsView.CsvField(c.A ?? string.Empty), EconomicsView.CsvField(c.B ?? string.Empty)));
                }

                foreach (var e in effects)
                {
                    io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"effect,{e.Key},{e.A:R},{e.B:R}"));
                }

                break;
            default:
                var console = io.Console();
                var t = new Table().Border(TableBorder.Rounded).Title($"What changed ({changes.Count} fields)");
                t.AddColumn("field");
                t.AddColumn(Markup.Escape(Path.GetFileName(pathA)));
                t.AddColumn(Markup.Escape(Path.GetFileName(pathB)));
                foreach (var c in changes)
                {
                    t.AddRow(Markup.Escape(c.Field), Markup.Escape(c.A ?? "(absent)"), Markup.Escape(c.B ?? "(absent)"));
                }

                console.Write(t);
                var e2 = new Table().Border(TableBorder.Rounded).Title("What it does");
                foreach (var c in new[] { "figure", "A", "B", "change" })
                {
                    e2.AddColumn(c);
                }

                foreach (var e in effects)
                {
                    e2.AddRow(e.Label, e.A is { } x ? Fmt.Sig(x) : "—", e.B is { } y ? Fmt.Sig(y) : "—",
                        e.A is { } x2 && e.B is { } y2 ? (y2 - x2 >= 0 ? "+" : string.Empty) + Fmt.Sig(y2 - x2) + (x2 != 0 ? $" ({(y2 - x2) / Math.Abs(x2):+0.0%;-0.0%})" : string.Empty) : "—");
                }

                console.Write(e2);
                break;
        }

        return ExitCodes.Ok;
    }
}
