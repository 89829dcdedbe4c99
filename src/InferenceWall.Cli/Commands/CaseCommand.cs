using System.CommandLine;
using System.Globalization;
using InferenceWall.Application.Case;
using InferenceWall.Core.Problems;
using InferenceWall.Reporting.Charts;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall case sora</c>: the article's numbers from explicit inputs, what is input and what is derived.</summary>
internal static class CaseCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("case", "Worked cases from published figures.");
        var format = new Option<string>("--format") { Description = "table|json|csv", DefaultValueFactory = _ => "table" };
        var chart = new Option<string?>("--chart") { Description = "Write the wall chart to FILE.png or FILE.svg" };
        var gpu = new Option<string>("--open-model-gpu") { Description = "GPU for the open-model comparison", DefaultValueFactory = _ => "H100-SXM" };
        var gpus = new Option<int>("--open-model-gpus") { Description = "GPUs per clip (Ulysses) for the open-model comparison", DefaultValueFactory = _ => 8 };
        var provider = new Option<string>("--provider") { Description = "Provider whose on-demand price the open-model comparison uses", DefaultValueFactory = _ => "lambda" };
        var catalogDir = new Option<string?>("--catalog") { Description = "Folder of catalog CSV files that add to or override the shipped ones" };
        var sora = new Command("sora", "The Sora case: $1.30 per clip, $15M a day, $5.4B a year against $2.1M of revenue; the later ~$1M/day estimate reconciled; the wall at the API price; open models.")
        {
            format, chart, gpu, gpus, provider, catalogDir,
        };
        sora.SetAction(p => Run(io, p.GetValue(format)!, p.GetValue(chart), p.GetValue(gpu)!, p.GetValue(gpus), p.GetValue(provider)!, p.GetValue(catalogDir)));
        command.Subcommands.Add(sora);
        return command;
    }

    /// <summary>The request's fields as this command's options.</summary>
    private static string Flag(string path) => path switch
    {
        "open_model_gpu" => "--open-model-gpu",
        "open_model_gpus" => "--open-model-gpus",
        "open_model_provider" => "--provider",
        _ => path,
    };

    private static int Run(CliIo io, string formatText, string? chart, string gpu, int gpus, string provider, string? catalogDir)
    {
        var errors = new List<string>();
        var formatProblems = new List<Problem>();
        var format = AnalysisOptions.Format(formatText, formatProblems, "table", "json", "csv");
        if (chart is not null && ChartFile.Problem("--chart", chart) is { } problem)
        {
            errors.Add(problem);
        }

        var problems = errors.Select(e => Problem.BadInput(string.Empty, e)).Concat(formatProblems).ToList();
        var engine = CliInputs.Engine(catalogDir, null);
        problems.AddRange(engine.Problems);
        if (problems.Count > 0)
        {
            return io.Problems(problems, Flag);
        }

        var request = new CaseRequest { OpenModelGpu = gpu, OpenModelGpus = gpus, OpenModelProvider = provider };
        var outcome = CaseUseCase.Run(request, engine.Value!);
        if (!outcome.IsOk)
        {
            return io.Problems(outcome, Flag);
        }

        io.Save(request, outcome.Value!, engine.Value!);

        var result = outcome.Value!;
        switch (format)
        {
            case "json":
                io.WriteJson(result);
                break;
            case "csv":
                io.Out.WriteLine("key,label,value,unit,kind,basis");
                foreach (var f in result.Figures)
                {
                    io.Out.WriteLine(string.Join(",", f.Key, EconomicsView.CsvField(f.Label), f.Value.ToString("R", CultureInfo.InvariantCulture),
                        EconomicsView.CsvField(f.Unit), f.Kind, EconomicsView.CsvField(f.Basis)));
                }

                break;
            default:
                Render(io.Console(), result);
                break;
        }

        if (chart is not null)
        {
            WallChart.Save(chart, "The inference wall: Sora (compute $1.30 per 10-second clip)", result["cost_per_clip_usd"], 0,
            [
                new PriceLine("Sora 2 API list price", result["api_price_per_clip_usd"]),
                new PriceLine("app revenue per clip (Dec 2025)", result["app_revenue_per_clip_usd"]),
            ]);
            io.Err.WriteLine($"wrote {chart}");
        }

        return ExitCodes.Ok;
    }

    private static void Render(IAnsiConsole console, CaseResponse r)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("The Sora case: inputs (with sources) and what follows from them");
        table.AddColumn("figure");
        table.AddColumn(new TableColumn("value").RightAligned());
        table.AddColumn("unit");
        table.AddColumn("kind");
        table.AddColumn("source or formula");
        foreach (var f in r.Figures)
        {
            var value = f.Unit == "fraction" ? f.Value.ToString("P1", CultureInfo.InvariantCulture) : Fmt.Sig(f.Value);
            table.AddRow(Markup.Escape(f.Label), value, Markup.Escape(f.Unit == "fraction" ? string.Empty : f.Unit), f.Kind, Markup.Escape(f.Basis));
        }

        console.Write(table);
        console.WriteLine($"Reconciling $15M/day with ~$1M/day: {Fmt.Sig(r["reconciliation_users_factor"], 3)}× fewer users (4.5M active vs ~1M daily) × " +
            $"{Fmt.Sig(r["reconciliation_intensity_factor"], 3)}× fewer clips per user ({Fmt.Sig(r["forbes_clips_per_user_per_day"], 3)} vs {Fmt.Sig(r["later_clips_per_user_per_day"], 3)} a day) " +
            $"= {Fmt.Sig(r["reconciliation_users_factor"] * r["reconciliation_intensity_factor"], 3)}×, against the {Fmt.Sig(r["reconciliation_total_factor"], 3)}× between the two estimates, at the same $1.30 per clip.");
        console.WriteLine($"At the Sora 2 API list price a 10-second clip earns {Fmt.Usd(r["api_price_per_clip_usd"])} against {Fmt.Usd(r["cost_per_clip_usd"])} of compute: " +
            $"gross margin {r["api_gross_margin"].ToString("P0", CultureInfo.InvariantCulture)}; crossing the wall takes ${Fmt.Sig(r["break_even_usd_per_second"], 3)}/s or {Fmt.Sig(r["efficiency_gain_needed_at_api_price"], 3)}× cheaper inference. " +
            $"The app's own revenue would have needed {Fmt.Sig(r["efficiency_gain_needed_for_app_revenue"], 3)}× cheaper inference.");

        var open = new Table().Border(TableBorder.Rounded).Title("The same clip on open models: " + Markup.Escape(r.OpenModelsBasis));
        foreach (var c in new[] { "model", "latency (s)", "GPU-seconds", "cost per clip ($)", "vs the $1.30 estimate" })
        {
            open.AddColumn(c);
        }

        foreach (var o in r.OpenModels.OrderBy(o => o.CostUsd ?? double.MaxValue))
        {
            open.AddRow(Markup.Escape(o.Model), o.LatencyS is { } l ? Fmt.Sig(l) : "—", o.GpuSeconds is { } g ? Fmt.Sig(g) : "—",
                o.CostUsd is { } c ? Fmt.Usd(c) : Markup.Escape(o.Refusal ?? "—"), o.VersusSoraEstimate is { } v ? Fmt.Sig(v, 3) + "×" : "—");
        }

        console.Write(open);
        if (r.Levers is { } levers)
        {
            console.WriteLine($"The path through the wall with today's published levers ({levers.Basis}; open-model clip {Fmt.Usd(levers.OpenModelCostPerClipUsd)} before them):");
            foreach (var set in levers.Sets)
            {
                console.WriteLine($"  {set.Label}: {string.Join(" + ", set.Levers)}, ×{Fmt.Sig(set.Factor, 3)}: the $1.30 estimate becomes {Fmt.Usd(set.SoraCostPerClipUsd)}, " +
                    (set.CrossesApiPrice ? "under the API's $1.00 per clip" : "still over the API's $1.00 per clip") +
                    $"; the app's revenue per clip needs {Fmt.Sig(set.GainStillNeededForAppRevenue, 3)}× more" +
                    (set.UnpublishedQuality > 0 ? $" ({set.UnpublishedQuality} of its levers publish no quality figure)" : string.Empty));
            }
        }
    }
}
