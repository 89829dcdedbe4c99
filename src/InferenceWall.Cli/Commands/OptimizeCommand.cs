using System.CommandLine;
using System.Globalization;
using InferenceWall.Analysis.Scenarios;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall optimize</c>: the cheapest deployment meeting an SLO, and a capacity search.</summary>
internal static class OptimizeCommand
{
    public static Command Create(CliIo io)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario YAML file (its clip mix, demand and utilization)" };
        var slo = new Option<double>("--slo-s") { Description = "Latency SLO for one clip in seconds", Required = true };
        var steps = new Option<string?>("--steps") { Description = "Step counts to try, comma-separated [default: the model's, 60% and 40% of it]" };
        var gpuCounts = new Option<string>("--gpu-counts") { Description = "GPUs per clip to try", DefaultValueFactory = _ => "1,2,4,8" };
        var capacity = new Option<bool>("--capacity-search") { Description = "Instead: the most clips per hour a fleet of --replicas sustains with latency P{--percentile} under the SLO (simulated)" };
        var replicas = new Option<int>("--replicas") { Description = "Capacity search: replicas in the fleet", DefaultValueFactory = _ => 10 };
        var percentile = new Option<double>("--percentile") { Description = "Capacity search: latency percentile held to the SLO (50, 90 or 99)", DefaultValueFactory = _ => 99 };
        var seed = new Option<ulong>("--seed") { Description = "Capacity search: seed", DefaultValueFactory = _ => 1 };
        var format = AnalysisOptions.Format();
        var catalog = AnalysisOptions.Catalog();
        var threads = AnalysisOptions.Threads();
        var command = new Command("optimize", "The cheapest GPU × provider × capacity class × parallel plan × steps meeting a latency SLO and the demand; or, with --capacity-search, a fleet's capacity under an SLO.")
        {
            scenario, slo, steps, gpuCounts, capacity, replicas, percentile, seed, format, catalog, threads,
        };
        command.SetAction((p, ct) => Task.FromResult(AnalysisOptions.Cancellable(io, () => p.GetValue(capacity)
            ? Capacity(io, p.GetValue(scenario)!, p.GetValue(slo), p.GetValue(replicas), p.GetValue(percentile), p.GetValue(seed), p.GetValue(format)!, p.GetValue(catalog), ct)
            : Run(io, p.GetValue(scenario)!, p.GetValue(slo), p.GetValue(steps), p.GetValue(gpuCounts)!, p.GetValue(format)!, p.GetValue(catalog), p.GetValue(threads), ct))));
        return command;
    }

    private static List<int>? Ints(string option, string text, List<string> errors)
    {
        var list = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1)
            {
                errors.Add($"{option} '{part}': write whole numbers >= 1 separated by commas");
                return null;
            }

            list.Add(v);
        }

        return list.Count == 0 ? null : list;
    }

    private static int Run(CliIo io, string path, double slo, string? stepsText, string gpuCountsText, string formatText, string? catalogDir, int threads, CancellationToken ct)
    {
        var (input, errors) = ScenarioInput.Load(path, catalogDir);
        var format = Parse.Format(formatText, errors, "table", "json", "csv");
        Parse.Positive("--slo-s", slo, errors);
        var gpuCounts = Ints("--gpu-counts", gpuCountsText, errors);
        List<int>? steps = null;
        if (input is not null)
        {
            var model = input.Catalog.FindModel(input.Scenario.Product.Model).Value;
            if (model is null)
            {
                errors.Add("product.model: " + input.Catalog.FindModel(input.Scenario.Product.Model).NotFoundMessage("model", input.Scenario.Product.Model, "iwall catalog models"));
            }
            else
            {
                steps = stepsText is null
                    ? [model.DefaultSteps, (int)Math.Round(model.DefaultSteps * 0.6), (int)Math.Round(model.DefaultSteps * 0.4)]
                    : Ints("--steps", stepsText, errors);
            }
        }

        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        var estimate = input!.Catalog.Gpus.Length * input.Catalog.ProviderIds.Count() * 3 * gpuCounts!.Count * 2 * steps!.Count;
        var r = ProgressRunner.Run(io, "optimize", estimate, progress => Optimizer.Run(input.Scenario, slo, steps, gpuCounts, input.Catalog, input.Calibration, threads, progress, ct));
        var rows = new[] { r.Best }.OfType<OptionResult>().Concat(r.RunnersUp).Select((o, i) => (Rank: i + 1, o)).ToList();
        switch (format)
        {
            case "json":
                io.WriteLegacyJson(new
                {
                    evaluated = r.Evaluated,
                    slo_s = slo,
                    best = r.Best is null ? null : Json(r.Best),
                    runners_up = r.RunnersUp.Select(Json),
                    why_others_lost = r.BestPerGpu().Select(Json),
                    loss_counts = r.LossCounts.ToDictionary(kv => kv.Key.ToString().ToLowerInvariant(), kv => kv.Value),
                });
                break;
            case "csv":
                io.Out.WriteLine("gpu,provider,capacity,gpus,ulysses,cfg_parallel,steps,latency_s,cost_per_clip_usd,daily_cost_usd,fleet_gpus,reason,detail");
                foreach (var o in new[] { r.Best }.OfType<OptionResult>().Concat(r.RunnersUp).Concat(r.Lost))
                {
                    io.Out.WriteLine(string.Join(",", o.Option.Gpu, o.Option.Provider, Core.Economics.UnitEconomics.Key(o.Option.Capacity), o.Option.Plan.Gpus, o.Option.Plan.Ulysses,
                        o.Option.Plan.CfgParallel, o.Option.Steps, N(o.LatencySeconds), N(o.CostPerClipUsd), N(o.DailyCostUsd), N(o.FleetGpus), o.Reason.ToString().ToLowerInvariant(), EconomicsView.CsvField(o.Detail)));
                }

                break;
            default:
                var console = io.Console();
                console.WriteLine(r.Best is null
                    ? $"No option meets the {Fmt.Sig(slo)} s SLO; see why below."
                    : $"Cheapest meeting the {Fmt.Sig(slo)} s SLO: {r.Best.Option} — {Fmt.Usd(r.Best.CostPerClipUsd!.Value)} per clip, {Fmt.Sig(r.Best.LatencySeconds!.Value)} s, {Fmt.Sig(r.Best.FleetGpus!.Value)} GPUs for the demand ({r.Evaluated:N0} options tried)");
                var table = new Table().Border(TableBorder.Rounded).Title("Best options");
                foreach (var c in new[] { "#", "option", "latency (s)", "$ per clip", "$ per day", "GPUs" })
                {
                    table.AddColumn(c);
                }

                foreach (var (rank, o) in rows)
                {
                    table.AddRow(rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(o.Option.ToString()), Fmt.Sig(o.LatencySeconds!.Value), Fmt.Usd(o.CostPerClipUsd!.Value), Fmt.Sig(o.DailyCostUsd!.Value), Fmt.Sig(o.FleetGpus!.Value));
                }

                console.Write(table);
                var lost = new Table().Border(TableBorder.Rounded).Title("Why each other GPU lost (its closest option)");
                foreach (var c in new[] { "GPU", "closest option", "reason", "detail" })
                {
                    lost.AddColumn(c);
                }

                foreach (var o in r.BestPerGpu())
                {
                    lost.AddRow(o.Option.Gpu, Markup.Escape(o.Option.ToString()), o.Reason.ToString().ToLowerInvariant(), Markup.Escape(o.Detail.Length > 110 ? o.Detail[..107] + "..." : o.Detail));
                }

                console.Write(lost);
                console.WriteLine("options lost to: " + string.Join(", ", r.LossCounts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key.ToString().ToLowerInvariant()} {kv.Value:N0}")));
                break;
        }

        return ExitCodes.Ok;
    }

    private static string N(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;

    private static object Json(OptionResult o) => new
    {
        gpu = o.Option.Gpu,
        provider = o.Option.Provider,
        capacity = Core.Economics.UnitEconomics.Key(o.Option.Capacity),
        gpus = o.Option.Plan.Gpus,
        ulysses = o.Option.Plan.Ulysses,
        cfg_parallel = o.Option.Plan.CfgParallel,
        steps = o.Option.Steps,
        latency_s = o.LatencySeconds,
        cost_per_clip_usd = o.CostPerClipUsd,
        daily_cost_usd = o.DailyCostUsd,
        fleet_gpus = o.FleetGpus,
        reason = o.Reason.ToString().ToLowerInvariant(),
        detail = o.Detail,
    };

    private static int Capacity(CliIo io, string path, double slo, int replicas, double percentile, ulong seed, string formatText, string? catalogDir, CancellationToken ct)
    {
        var problems = new List<Core.Problems.Problem>();
        if (formatText is not ("table" or "json"))
        {
            problems.Add(Core.Problems.Problem.BadInput("--format", $"'{formatText}': write table or json"));
        }

        var (text, readProblem) = CliInputs.Text("SCENARIO", path);
        if (readProblem is not null)
        {
            problems.Add(readProblem);
        }

        var data = CliInputs.Engine(catalogDir, null);
        problems.AddRange(data.Problems);
        if (problems.Count > 0)
        {
            return io.Problems(problems, CapacityWord);
        }

        var request = new Application.CapacitySearch.CapacitySearchRequest
        {
            ScenarioYaml = text,
            ScenarioSource = path,
            SloSeconds = slo,
            Replicas = replicas,
            Percentile = percentile,
            Seed = seed,
        };
        var outcome = ProgressRunner.Run(io, "capacity search", Application.CapacitySearch.CapacitySearchUseCase.Iterations + 1,
            progress => Application.CapacitySearch.CapacitySearchUseCase.Run(request, data.Value!, progress is null ? null : new Tries(progress), ct));
        if (!outcome.IsOk)
        {
            return io.Problems(outcome, CapacityWord);
        }

        var r = outcome.Value!;
        if (formatText == "json")
        {
            io.WriteJson(r);
        }
        else
        {
            io.Out.WriteLine($"{r.Replicas} replicas ({r.Gpus} GPUs) sustain {Fmt.Sig(r.MaxClipsPerHour)} clips/hour with latency P{r.Percentile} ≤ {Fmt.Sig(r.SloSeconds)} s " +
                $"(bisection over {r.Tries.Length} simulated {r.Hours:0}-hour runs of steady demand, seed {r.Seed}; the fleet's capacity with every replica busy is {Fmt.Sig(r.FleetCapacityClipsPerHour)} clips/hour)");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The capacity search's paths in the command line's words.</summary>
    private static string CapacityWord(string path) => path switch
    {
        "slo_s" => "--slo-s",
        "replicas" or "percentile" or "seed" => "--" + path,
        "scenario" => "SCENARIO",
        _ => path,
    };

    /// <summary>The use case's share done (0 to 1) as tries of the progress bar.</summary>
    private sealed class Tries(IProgress<int> bar) : IProgress<double>
    {
        public void Report(double value) => bar.Report((int)Math.Round(value * (Application.CapacitySearch.CapacitySearchUseCase.Iterations + 1)));
    }
}
