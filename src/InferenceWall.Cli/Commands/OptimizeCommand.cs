using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using InferenceWall.Application.Optimize;
using InferenceWall.Core;
using InferenceWall.Core.Problems;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall optimize</c>: the cheapest deployment meeting an SLO, and a capacity search.</summary>
internal static class OptimizeCommand
{
    public static Command Create(CliIo io)
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario YAML file (its clip mix, demand and utilization)" };
        var slo = new Option<double>("--slo-s") { Description = "Latency SLO for one clip in seconds", Required = true };
        var steps = new Option<string?>("--steps") { Description = "Step counts to try, comma-separated [default: the scenario's, 60% and 40% of them; fewer steps change quality, and the answer says so]" };
        var gpuCounts = new Option<string>("--gpu-counts") { Description = "GPUs per clip to try", DefaultValueFactory = _ => "1,2,4,8" };
        var levers = new Option<bool>("--levers") { Description = "Also search the catalog's physics levers (levers.csv: distillation, caches, sparse and 8-bit attention, FP8, compile): each deployment with each of the cheapest lever sets" };
        var capacity = new Option<bool>("--capacity-search") { Description = "Instead: the most clips per hour each fleet of --replicas sustains with latency P{--percentile} under the SLO (simulated)" };
        var replicas = new Option<string>("--replicas")
        {
            Description = $"Capacity search: replicas in the fleet, or comma-separated, many fleets searched at once (at most {Application.CapacitySearch.CapacitySearchRequest.MaxFleets:N0})",
            DefaultValueFactory = _ => Application.CapacitySearch.CapacitySearchRequest.DefaultReplicas.ToString(CultureInfo.InvariantCulture),
        };
        var percentile = new Option<double>("--percentile") { Description = "Capacity search: latency percentile held to the SLO (50, 90 or 99)", DefaultValueFactory = _ => 99 };
        var seed = new Option<ulong>("--seed") { Description = "Capacity search, or --simulate: the day seed (the same for every simulated option)", DefaultValueFactory = _ => 1 };
        var simulate = new Option<bool>("--simulate") { Description = "Re-rank the cheapest options by their simulated days: realized cost per clip among those with --attainment of clips within the SLO" };
        var simulateTop = new Option<int>("--simulate-top") { Description = $"--simulate: how many of the cheapest feasible options to simulate (1 to {InferenceWall.Analysis.Studies.Optimizer.MaxSimulatedCandidates:N0})", DefaultValueFactory = _ => 20 };
        var attainment = new Option<double>("--attainment") { Description = "--simulate: the share of a day's clips that must finish within the SLO, in (0, 1]", DefaultValueFactory = _ => 0.99 };
        var format = AnalysisOptions.Format();
        var catalog = AnalysisOptions.Catalog();
        var threads = AnalysisOptions.Threads();
        var cluster = new Option<string?>("--cluster") { Description = "With --simulate: simulate the candidates' days (with --capacity-search: search the fleets) on the workers at localhost:PORT or redis://HOST:PORT (`iwall worker`); the same output" };
        var command = new Command("optimize", "The cheapest GPU × provider × capacity class × parallel plan × steps meeting a latency SLO and the demand; or, with --capacity-search, a fleet's capacity under an SLO.")
        {
            scenario, slo, steps, gpuCounts, levers, simulate, simulateTop, attainment, capacity, replicas, percentile, seed, format, catalog, threads, cluster,
        };
        command.SetAction((p, ct) => Task.FromResult(AnalysisOptions.Cancellable(io, () =>
            AnalysisOptions.NotApplying(p, p.GetValue(capacity) ? "the optimizer, not to --capacity-search" : "--capacity-search", p.GetValue(capacity) ? [steps, gpuCounts, levers, simulate, simulateTop, attainment]
                : p.GetValue(simulate) ? [replicas, percentile] : [replicas, percentile, seed, simulateTop, attainment]) is { Count: > 0 } ignored
            ? io.Problems(ignored)
            : p.GetValue(capacity)
            ? Capacity(io, p.GetValue(scenario)!, p.GetValue(slo), p.GetValue(replicas)!, p.GetValue(percentile), p.GetValue(seed), p.GetValue(format)!, p.GetValue(catalog),
                p.GetValue(threads), p.GetValue(cluster), ct)
            : Run(io, p.GetValue(scenario)!, p.GetValue(slo), p.GetValue(steps), p.GetValue(gpuCounts)!, p.GetValue(levers),
                p.GetValue(simulate) ? (p.GetValue(simulateTop), p.GetValue(attainment), p.GetValue(seed)) : null, p.GetValue(format)!, p.GetValue(catalog), p.GetValue(threads),
                p.GetValue(cluster), ct))));
        return command;
    }

    /// <summary>Comma-separated whole numbers (an empty text is an empty list, for the use case to refuse); problems at <paramref name="path"/>.</summary>
    private static ImmutableArray<long>? Whole(string path, string text, List<Problem> problems)
    {
        var list = ImmutableArray.CreateBuilder<long>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                problems.Add(Problem.BadInput(path, $"'{part}' is not a whole number", "write whole numbers of at least 1 separated by commas, for example 50,30,20"));
                return null;
            }

            list.Add(v);
        }

        return list.ToImmutable();
    }

    private static int Run(CliIo io, string path, double slo, string? stepsText, string gpuCountsText, bool levers, (int Top, double Attainment, ulong Seed)? simulate, string formatText,
        string? catalogDir, int? threads, string? clusterText, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var format = AnalysisOptions.Format(formatText, problems, "table", "json", "csv");
        var (source, data) = AnalysisOptions.Inputs(path, catalogDir, problems);
        var cluster = AnalysisOptions.Cluster(clusterText, problems);
        var steps = stepsText is null ? null : Whole("steps", stepsText, problems);
        var gpuCounts = Whole("gpu_counts", gpuCountsText, problems);
        var stepNames = stepsText?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        var gpuNames = gpuCountsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string Word(string p) => AnalysisOptions.Listed(p, "steps", "--steps", stepNames)
            ?? AnalysisOptions.Listed(p, "gpu_counts", "--gpu-counts", gpuNames)
            ?? p switch
            {
                "slo_s" => "--slo-s",
                "threads" => "--threads",
                "simulate_top" => "--simulate-top",
                "attainment" => "--attainment",
                "cluster" => "--cluster",
                _ => p,
            };

        if (problems.Count > 0)
        {
            return io.Problems(problems, Word);
        }

        var request = new OptimizeRequest
        {
            Scenario = source!,
            SloS = slo,
            Steps = steps,
            GpuCounts = gpuCounts,
            Levers = levers,
            Threads = threads,
            Simulate = simulate is not null,
            SimulateTop = simulate?.Top ?? 20,
            Attainment = simulate?.Attainment ?? 0.99,
            Seed = simulate?.Seed ?? 1,
        };
        var outcome = ProgressRunner.Run(io, "optimize", progress => cluster is null
            ? OptimizeUseCase.Run(request, data!, progress, ct)
            : AnalysisOptions.OnCluster(io, ledger => Worker.ClusterOptimize.RunAsync(request, data!, cluster, ledger, progress, ct)));
        if (outcome.Value is not { } r)
        {
            return io.Problems(outcome, Word);
        }

        io.Save(request, r, data!);

        var rows = new[] { r.Best }.Concat(r.RunnersUp).Select((o, i) => (Rank: i + 1, o)).ToList();
        switch (format)
        {
            case "json":
                io.WriteJson(r);
                break;
            case "csv":
                io.Out.WriteLine("gpu,provider,capacity,gpus,ulysses,cfg_parallel,steps,latency_s,cost_per_clip_usd,daily_cost_usd,fleet_gpus,reason,detail,usd_per_gpu_hour,price_as_of,price_source");
                foreach (var o in new[] { r.Best }.Concat(r.RunnersUp).Concat(r.Lost))
                {
                    io.Out.WriteLine(string.Join(",", o.Gpu, o.Provider, Words.Capacity.Word(o.Capacity), o.Gpus, o.Ulysses, o.CfgParallel, o.Steps?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                        N(o.LatencyS), N(o.CostPerClipUsd), N(o.DailyCostUsd), N(o.FleetGpus), o.Reason, EconomicsView.CsvField(o.Detail),
                        N(o.Quote?.UsdPerGpuHour), EconomicsView.CsvField(o.Quote?.AsOf ?? string.Empty), EconomicsView.CsvField(o.Quote?.Source ?? string.Empty)));
                }

                break;
            default:
                var console = io.Console();
                var best = r.Best;
                console.WriteLine($"Cheapest meeting the {Fmt.Sig(r.SloS)} s SLO: {best.Label} — {Fmt.Usd(best.CostPerClipUsd!.Value)} per clip, {Fmt.Sig(best.LatencyS!.Value)} s, {Fmt.Sig(best.FleetGpus!.Value)} GPUs for the demand ({r.Evaluated:N0} options tried)");
                foreach (var caveat in r.Caveats)
                {
                    console.WriteLine("  note: " + caveat);
                }

                var table = new Table().Border(TableBorder.Rounded).Title("Best options");
                foreach (var c in new[] { "#", "option", "latency (s)", "$ per clip", "$ per day", "GPUs" })
                {
                    table.AddColumn(c);
                }

                foreach (var (rank, o) in rows)
                {
                    table.AddRow(rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(o.Label), Fmt.Sig(o.LatencyS!.Value), Fmt.Usd(o.CostPerClipUsd!.Value), Fmt.Sig(o.DailyCostUsd!.Value), Fmt.Sig(o.FleetGpus!.Value));
                }

                console.Write(table);
                var lost = new Table().Border(TableBorder.Rounded).Title("Why each other GPU lost (its closest option)");
                foreach (var c in new[] { "GPU", "closest option", "reason", "detail" })
                {
                    lost.AddColumn(c);
                }

                foreach (var o in r.WhyOthersLost)
                {
                    lost.AddRow(o.Gpu, Markup.Escape(o.Label), o.Reason, Markup.Escape(o.Detail));
                }

                console.Write(lost);
                console.WriteLine("options lost to: " + string.Join(", ", r.LossCounts.Select(kv => $"{kv.Key} {kv.Value:N0}")));
                if (r.Simulated is { } sim)
                {
                    var days = new Table().Border(TableBorder.Rounded).Title($"The {sim.Candidates.Length} cheapest options on their simulated days (seed {sim.Seed})");
                    foreach (var c in new[] { "#", "analytic #", "option", "$ per clip, formula", "$ per clip, simulated", "within SLO", "latency P90 (s)", "utilization" })
                    {
                        days.AddColumn(c);
                    }

                    for (var i = 0; i < sim.Candidates.Length; i++)
                    {
                        var c = sim.Candidates[i];
                        days.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), c.AnalyticRank.ToString(CultureInfo.InvariantCulture), Markup.Escape(c.Option.Label),
                            Fmt.Usd(c.Option.CostPerClipUsd!.Value), c.RealizedCostPerClipUsd is { } rc ? Fmt.Usd(rc) : "—",
                            c.SloAttainment is { } a ? a.ToString("P1", CultureInfo.InvariantCulture) + (c.MeetsSlo ? string.Empty : " (short)") : "—",
                            c.LatencyP90S is { } l ? Fmt.Sig(l) : "—", c.Utilization is { } u ? u.ToString("P0", CultureInfo.InvariantCulture) : "—");
                    }

                    console.Write(days);
                    console.WriteLine(sim.Best is { } sb
                        ? $"Cheapest on its simulated day meeting {sim.AttainmentTarget.ToString("P1", CultureInfo.InvariantCulture)} within the SLO: {sb.Option.Label} — {Fmt.Usd(sb.RealizedCostPerClipUsd!.Value)} per clip"
                        : $"No simulated option kept {sim.AttainmentTarget.ToString("P1", CultureInfo.InvariantCulture)} of its clips within the SLO; simulate more options (--simulate-top) or relax --attainment");
                    console.WriteLine("  note: " + sim.Note);
                }
                break;
        }

        return ExitCodes.Ok;
    }

    private static string N(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;

    private static int Capacity(CliIo io, string path, double slo, string replicasText, double percentile, ulong seed, string formatText, string? catalogDir, int? threads,
        string? clusterText, CancellationToken ct)
    {
        var problems = new List<Problem>();
        var format = AnalysisOptions.Format(formatText, problems, "table", "json", "csv");
        var (source, data) = AnalysisOptions.Inputs(path, catalogDir, problems);
        var cluster = AnalysisOptions.Cluster(clusterText, problems);
        var counts = Whole("replica_counts", replicasText, problems);
        var names = replicasText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string Word(string p) => AnalysisOptions.Listed(p, "replica_counts", "--replicas", names) ?? CapacityWord(p);
        if (problems.Count > 0)
        {
            return io.Problems(problems, Word);
        }

        // One fleet is asked as `replicas`, so its stored request reads as before many fleets could be asked.
        var request = new Application.CapacitySearch.CapacitySearchRequest
        {
            Scenario = source!,
            SloSeconds = slo,
            Replicas = counts!.Value.Length == 1 ? counts.Value[0] : null,
            ReplicaCounts = counts.Value.Length == 1 ? null : counts,
            Percentile = percentile,
            Seed = seed,
            Threads = threads,
        };
        var outcome = ProgressRunner.Run(io, "capacity search", progress => cluster is null
            ? Application.CapacitySearch.CapacitySearchUseCase.Run(request, data!, progress is null ? null : new Tries(progress, counts.Value.Length), ct)
            : AnalysisOptions.OnCluster(io, ledger => Worker.ClusterCapacity.RunAsync(request, data!, cluster, ledger, progress, ct)));
        if (!outcome.IsOk)
        {
            return io.Problems(outcome, Word);
        }

        var r = outcome.Value!;
        io.Save(request, r, data!);
        var p = r.Percentile.ToString(CultureInfo.InvariantCulture);
        switch (format)
        {
            case "json":
                io.WriteJson(r);
                break;
            case "csv":
                io.Out.WriteLine("replicas,gpus,max_clips_per_hour,fleet_capacity_clips_per_hour,utilization_at_max,latency_at_max_s,percentile,slo_s,reason,caveat");
                foreach (var f in r.Fleets)
                {
                    io.Out.WriteLine(string.Join(",", f.Replicas, f.Gpus, N(f.MaxClipsPerHour), N(f.FleetCapacityClipsPerHour), N(f.UtilizationAtMax), N(f.LatencyAtMaxSeconds),
                        N(r.Percentile), N(r.SloSeconds), EconomicsView.CsvField(f.Reason ?? string.Empty), EconomicsView.CsvField(f.Caveat ?? string.Empty)));
                }

                break;
            default:
                var how = $"bisection over up to {Application.CapacitySearch.CapacitySearchUseCase.TriesPerFleet} simulated {r.Hours:0}-hour runs of steady demand, seed {r.Seed}";
                if (r.Fleets.Length == 1)
                {
                    var f = r.Fleets[0];
                    io.Out.WriteLine($"{f.Replicas} replicas ({f.Gpus} GPUs) sustain {Fmt.Sig(f.MaxClipsPerHour!.Value)} clips/hour with latency P{p} ≤ {Fmt.Sig(r.SloSeconds)} s " +
                        $"({how}; the fleet's capacity with every replica busy is {Fmt.Sig(f.FleetCapacityClipsPerHour)} clips/hour)");
                    if (f.Caveat is { } caveat)
                    {
                        io.Out.WriteLine("  note: " + caveat);
                    }

                    break;
                }

                var console = io.Console();
                var table = new Table().Border(TableBorder.Rounded).Title($"The most load each fleet sustains with latency P{p} ≤ {Fmt.Sig(r.SloSeconds)} s");
                foreach (var c in new[] { "replicas", "GPUs", "max (clips/hour)", "capacity, all busy (clips/hour)", "utilization at max", $"latency P{p} at max (s)" })
                {
                    table.AddColumn(c);
                }

                foreach (var f in r.Fleets)
                {
                    table.AddRow(f.Replicas.ToString("N0", CultureInfo.InvariantCulture), f.Gpus.ToString("N0", CultureInfo.InvariantCulture),
                        f.MaxClipsPerHour is { } m ? (f.Caveat is null ? string.Empty : "≤ ") + Fmt.Sig(m) : "none: " + Markup.Escape(f.Reason ?? string.Empty), Fmt.Sig(f.FleetCapacityClipsPerHour),
                        f.UtilizationAtMax is { } u ? u.ToString("P1", CultureInfo.InvariantCulture) : "—", f.LatencyAtMaxSeconds is { } l ? Fmt.Sig(l) : "—");
                }

                console.Write(table);
                console.WriteLine($"  note: {how}; each fleet searched on its own with the same seed");
                if (r.Fleets.Any(f => f.Caveat is not null))
                {
                    console.WriteLine($"  note: ≤ marks a fleet where no try missed the SLO: every load tried held within {r.Hours:0}-hour runs from an empty fleet, and near capacity a queue takes longer than that to reach its steady state, so the figure is an upper bound");
                }
                break;
        }

        return ExitCodes.Ok;
    }

    /// <summary>The capacity search's paths in the command line's words.</summary>
    private static string CapacityWord(string path) => path switch
    {
        "slo_s" => "--slo-s",
        "replicas" or "percentile" or "seed" or "threads" or "cluster" => "--" + path,
        "replica_counts" => "--replicas",
        "scenario" => "SCENARIO",
        _ => path,
    };

    /// <summary>The search's share done (0 to 1) as simulated runs of the progress bar, every fleet's together.</summary>
    private sealed class Tries(IProgress<Analysis.Studies.AnalysisProgress> bar, int fleets) : IProgress<double>
    {
        private readonly long _total = (long)fleets * Application.CapacitySearch.CapacitySearchUseCase.TriesPerFleet;

        public void Report(double value) => bar.Report(new((long)Math.Round(value * _total), _total));
    }
}
