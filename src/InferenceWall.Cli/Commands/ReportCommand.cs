using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using InferenceWall.Analysis.Scenarios;
using InferenceWall.Core.Economics;
using InferenceWall.Reporting.Charts;
using InferenceWall.Simulation.Workload;

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
        var (input, errors) = ScenarioInput.Load(path, catalogDir);
        if (!output.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"--output '{output}': the file must end in .html");
        }

        EconomicsResult? economics = null;
        if (input is not null)
        {
            var (r, problems) = UnitEconomics.Evaluate(input.Scenario, input.Catalog, input.Calibration);
            economics = r;
            errors.AddRange(problems.Select(p => $"{path}: {p}"));
        }

        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        var view = new EconomicsView(economics!);
        var html = new StringBuilder();
        static string E(string s) => WebUtility.HtmlEncode(s);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(input!.Scenario.Name)).Append(" — InferenceWall report</title><style>")
            .Append("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;color:#222;line-height:1.4}")
            .Append("table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}td.n{text-align:right}")
            .Append(".wall{font-size:18px;padding:.6em 1em;border-left:6px solid #c0392b;background:#fbeeee}.ok{border-color:#27ae60;background:#eefbf1}")
            .Append("figure{margin:1em 0}svg{max-width:100%;height:auto}small{color:#666}</style></head><body>");
        html.Append("<h1>").Append(E(input.Scenario.Name)).Append("</h1><p>").Append(E(input.Scenario.Description)).Append("</p>");
        html.Append("<p><small>Scenario file: ").Append(E(Path.GetFileName(path))).Append(". Calibration: ").Append(E(input.Calibration.FittedOn))
            .Append(". Prices: ").Append(E(economics!.PriceBasis)).Append(".</small></p>");
        var wall = economics.AboveWall
            ? $"Above the wall: a clip costs {Fmt.Usd(economics.CostPerClipUsd)} and brings in {Fmt.Usd(economics.RevenuePerClipUsd)}" +
              (double.IsFinite(economics.EfficiencyGainNeeded) ? $"; it needs {economics.EfficiencyGainNeeded.ToString("0.0", CultureInfo.InvariantCulture)}× cheaper inference." : "; revenue does not cover even the non-compute costs.")
            : $"Across the wall: a clip costs {Fmt.Usd(economics.CostPerClipUsd)} and brings in {Fmt.Usd(economics.RevenuePerClipUsd)}.";
        html.Append("<p class=\"wall").Append(economics.AboveWall ? string.Empty : " ok").Append("\">").Append(E(wall)).Append("</p>");

        html.Append("<h2>Unit economics</h2><table><tr><th>quantity</th><th>value</th></tr>");
        foreach (var (key, label, value) in view.Figures())
        {
            var text = value is null ? "—" : key == "gross_margin" ? value.Value.ToString("P1", CultureInfo.InvariantCulture) : Fmt.Sig(value.Value);
            html.Append("<tr><td>").Append(E(label)).Append("</td><td class=\"n\">").Append(E(text)).Append("</td></tr>");
        }

        html.Append("</table>");
        html.Append("<h2>The wall</h2><figure>").Append(ChartFile.Svg(WallChart.Build("Cost per clip as inference gets cheaper, against price per clip", economics.ComputeCostPerClipUsd,
            economics.OtherCostPerClipUsd, [new PriceLine("revenue per clip", economics.RevenuePerClipUsd)]))).Append("</figure>");

        html.Append("<h2>Clip mix</h2><table><tr><th>share</th><th>size (px)</th><th>seconds</th><th>frames</th><th>latency (s)</th><th>GPU-seconds</th><th>energy (kWh)</th><th>compute ($)</th></tr>");
        foreach (var m in economics.Mix)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"n\">{m.Item.Share:P0}</td><td>{m.Item.WidthPixels}×{m.Item.HeightPixels}</td><td class=\"n\">{Fmt.Sig(m.Item.Seconds, 3)}</td><td class=\"n\">{m.Frames}</td><td class=\"n\">{Fmt.Sig(m.LatencySeconds)}</td><td class=\"n\">{Fmt.Sig(m.GpuSeconds)}</td><td class=\"n\">{Fmt.Sig(m.EnergyKwh)}</td><td class=\"n\">{Fmt.Usd(m.ComputeCostUsd)}</td></tr>");
        }

        html.Append("</table><h2>Users and revenue</h2><table><tr><th>tier</th><th>plan</th><th>users</th><th>clips/day</th><th>revenue ($/day)</th></tr>");
        foreach (var t in economics.Tiers)
        {
            html.Append("<tr><td>").Append(E(t.Tier)).Append("</td><td>").Append(E(t.Plan)).Append("</td><td class=\"n\">").Append(Fmt.Sig(t.Users)).Append("</td><td class=\"n\">")
                .Append(Fmt.Sig(t.ClipsPerDay)).Append("</td><td class=\"n\">").Append(Fmt.Usd(t.RevenueUsdPerDay)).Append("</td></tr>");
        }

        html.Append("</table><h2>Where each day's money goes</h2><table><tr><th>to</th><th>$/day</th></tr>");
        foreach (var s in view.Segments())
        {
            html.Append("<tr><td>").Append(E(s.Label)).Append("</td><td class=\"n\">").Append(Fmt.Sig(s.UsdPerDay)).Append("</td></tr>");
        }

        html.Append("</table><figure>").Append(ChartFile.Svg(ValueChainChart.Build("Where each day's money goes", economics.RevenueUsdPerDay, view.Segments()))).Append("</figure>");

        var (sensitivity, _) = Sensitivity.Run(input.Scenario, Sensitivity.Fields(input.Scenario), 0.2, input.Catalog, input.Calibration);
        if (sensitivity is not null && sensitivity.Bars.Length > 0)
        {
            html.Append("<h2>What moves cost per clip (each input ±20%)</h2><figure>").Append(ChartFile.Svg(TornadoChart.Build("Cost per clip with each input moved ±20%", sensitivity, 0.2))).Append("</figure>");
        }

        if (input.Scenario.Simulation is not null)
        {
            var (plan, problems) = ScenarioSimulation.Build(input.Scenario, input.Catalog, input.Calibration);
            if (plan is not null)
            {
                var r = Simulation.Simulation.Run(plan.Spec, seed);
                html.Append("<h2>A simulated day</h2><table><tr><th>quantity</th><th>value</th></tr>");
                foreach (var (label, value) in new[]
                {
                    ("clips completed", r.Completed.ToString("N0", CultureInfo.InvariantCulture)),
                    ("rejected / timed out", $"{r.Rejected:N0} / {r.TimedOut:N0}"),
                    ("latency P50 / P90 / P99 (s)", $"{Fmt.Sig(r.LatencyP50Seconds)} / {Fmt.Sig(r.LatencyP90Seconds)} / {Fmt.Sig(r.LatencyP99Seconds)}"),
                    ("SLO attainment", r.SloAttainment?.ToString("P2", CultureInfo.InvariantCulture) ?? "no SLO set"),
                    ("GPU utilization (busy ÷ paid)", r.Utilization.ToString("P1", CultureInfo.InvariantCulture)),
                    ("GPU-hours busy / idle", $"{Fmt.Sig(r.GpuHoursBusy)} / {Fmt.Sig(r.GpuHoursIdle)}"),
                    ("realized cost per clip ($)", Fmt.Usd(r.RealizedCostPerClipUsd)),
                    ("average-load cost per clip ($)", Fmt.Usd(plan.AverageLoadCostPerClipUsd)),
                })
                {
                    html.Append("<tr><td>").Append(E(label)).Append("</td><td class=\"n\">").Append(E(value)).Append("</td></tr>");
                }

                html.Append("</table><figure>").Append(ChartFile.Svg(FleetChart.Build("Queue and fleet over the simulated day", r.Series))).Append("</figure>");
                foreach (var note in plan.Notes)
                {
                    html.Append("<p><small>").Append(E(note)).Append("</small></p>");
                }
            }
            else
            {
                html.Append("<p>Simulation not run: ").Append(E(string.Join("; ", problems))).Append("</p>");
            }
        }

        html.Append(CultureInfo.InvariantCulture, $"<h2>Video API list prices for a {Fmt.Sig(economics.MeanClipSeconds, 3)}-second clip</h2><table><tr><th>provider</th><th>model</th><th>resolution</th><th>$/clip</th><th>margin if their clip cost ours</th><th>as of</th><th>source</th></tr>");
        foreach (var a in economics.Apis.OrderBy(a => a.PriceUsdPerClip))
        {
            html.Append("<tr><td>").Append(E(a.Provider)).Append("</td><td>").Append(E(a.Model)).Append("</td><td>").Append(E(a.Resolution)).Append("</td><td class=\"n\">")
                .Append(Fmt.Usd(a.PriceUsdPerClip)).Append("</td><td class=\"n\">").Append(a.ImpliedGrossMargin.ToString("P0", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(E(a.Provenance.AsOf)).Append("</td><td><small>").Append(E(a.Provenance.Source)).Append("</small></td></tr>");
        }

        html.Append("</table>");
        foreach (var note in economics.Notes)
        {
            html.Append("<p><small>note: ").Append(E(note)).Append("</small></p>");
        }

        html.Append("</body></html>\n");
        if (Loading.Write("--output", output, html.ToString()) is { } writeError)
        {
            return io.InputErrors([writeError]);
        }

        io.Out.WriteLine($"wrote {output} ({html.Length / 1024:N0} KB, self-contained)");
        return ExitCodes.Ok;
    }
}
