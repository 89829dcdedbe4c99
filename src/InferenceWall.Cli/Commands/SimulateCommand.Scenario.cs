using System.Globalization;
using InferenceWall.Core.Economics;
using InferenceWall.Reporting.Charts;
using InferenceWall.Simulation;
using InferenceWall.Simulation.Workload;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

internal static partial class SimulateCommand
{
    /// <summary>Reads and maps a scenario for simulation, reporting every problem; shared with <c>economics --simulate</c>.</summary>
    internal static (Scenario? Scenario, ScenarioSimulationPlan? Plan, List<string> Errors) Prepare(string path, string? catalogDir, string? tracePath)
    {
        var (input, errors) = ScenarioInput.Load(path, catalogDir);
        if (input is null)
        {
            return (null, null, errors);
        }

        var scenario = input.Scenario;
        var trace = default(System.Collections.Immutable.ImmutableArray<TraceArrival>);
        if (tracePath is not null)
        {
            var (traceText, traceError) = Loading.Text("--trace", tracePath);
            if (traceError is not null)
            {
                errors.Add(traceError);
                return (scenario, null, errors);
            }

            var (parsed, traceErrors) = TraceCsv.Parse(tracePath, traceText!, scenario);
            errors.AddRange(traceErrors);
            trace = parsed;
            if (errors.Count > 0)
            {
                return (scenario, null, errors);
            }
        }

        var (plan, problems) = ScenarioSimulation.Build(scenario, input.Catalog, input.Calibration, trace);
        errors.AddRange(problems.Select(p => $"{path}: {p}"));
        return (scenario, plan, errors);
    }

    private static int RunScenario(CliIo io, string? path, ulong seed, string formatText, string? chart, string? catalogDir, string? tracePath)
    {
        var errors = new List<string>();
        var format = Parse.Format(formatText, errors, "table", "json");
        if (path is null)
        {
            errors.Add("give a scenario file (iwall simulate scenarios/X.yaml), or --mmc for the M/M/c queue");
        }

        if (chart is not null && ChartFile.Problem("--chart", chart) is { } chartProblem)
        {
            errors.Add(chartProblem);
        }

        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        var (scenario, plan, prepareErrors) = Prepare(path!, catalogDir, tracePath);
        if (prepareErrors.Count > 0)
        {
            return io.InputErrors(prepareErrors);
        }

        var result = Simulation.Simulation.Run(plan!.Spec, seed);
        if (format == "json")
        {
            io.WriteLegacyJson(Json(scenario!, plan, result, seed));
        }
        else
        {
            Render(io.Console(), scenario!, plan, result, seed);
        }

        if (chart is not null)
        {
            FleetChart.Save(chart, $"Queue and fleet over the day: {scenario!.Name}", result.Series);
            io.Err.WriteLine($"wrote {chart}");
        }

        return ExitCodes.Ok;
    }

    private static object Json(Scenario scenario, ScenarioSimulationPlan plan, RunResult r, ulong seed) => new
    {
        scenario = scenario.Name,
        seed,
        arrivals = r.Arrivals,
        completed = r.Completed,
        rejected = r.Rejected,
        timed_out = r.TimedOut,
        preemptions = r.Preemptions,
        events = r.Events,
        wait_s = new { mean = r.MeanWaitSeconds, p50 = r.WaitP50Seconds, p90 = r.WaitP90Seconds, p99 = r.WaitP99Seconds },
        latency_s = new { mean = r.MeanLatencySeconds, p50 = r.LatencyP50Seconds, p90 = r.LatencyP90Seconds, p99 = r.LatencyP99Seconds },
        slo_attainment = r.SloAttainment,
        tiers = r.Tiers.Select(t => new { tier = t.Tier, completed = t.Completed, latency_p50_s = t.LatencyP50Seconds, latency_p99_s = t.LatencyP99Seconds, slo_attainment = t.SloAttainment }),
        utilization = r.Utilization,
        gpu_hours_busy = r.GpuHoursBusy,
        gpu_hours_idle = r.GpuHoursIdle,
        classes = r.Classes.Select(c => new { capacity = c.Kind.ToString(), gpu_hours_busy = c.GpuHoursBusy, gpu_hours_idle = c.GpuHoursIdle, cost_usd = c.CostUsd }),
        cost_usd = r.CostUsd,
        realized_cost_per_clip_usd = r.RealizedCostPerClipUsd,
        average_load_cost_per_clip_usd = plan.AverageLoadCostPerClipUsd,
        lost_gpu_hours = r.LostGpuHours,
        energy_kwh = r.EnergyKwh,
        notes = plan.Notes,
    };

    private static void Render(IAnsiConsole console, Scenario scenario, ScenarioSimulationPlan plan, RunResult r, ulong seed)
    {
        console.WriteLine($"{scenario.Name}: one simulated day, seed {seed}");
        var t = new Table().Border(TableBorder.Rounded).Title("Simulated day");
        t.AddColumn("quantity");
        t.AddColumn(new TableColumn("value").RightAligned());
        void Row(string label, string value) => t.AddRow(Markup.Escape(label), value);
        Row("requests arrived", r.Arrivals.ToString("N0", CultureInfo.InvariantCulture));
        Row("clips completed", r.Completed.ToString("N0", CultureInfo.InvariantCulture));
        Row("rejected by admission control", r.Rejected.ToString("N0", CultureInfo.InvariantCulture));
        Row("timed out in the queue", r.TimedOut.ToString("N0", CultureInfo.InvariantCulture));
        Row("spot preemptions", r.Preemptions.ToString("N0", CultureInfo.InvariantCulture));
        Row("wait P50 / P90 / P99 (s)", $"{Fmt.Sig(r.WaitP50Seconds)} / {Fmt.Sig(r.WaitP90Seconds)} / {Fmt.Sig(r.WaitP99Seconds)}");
        Row("latency P50 / P90 / P99 (s)", $"{Fmt.Sig(r.LatencyP50Seconds)} / {Fmt.Sig(r.LatencyP90Seconds)} / {Fmt.Sig(r.LatencyP99Seconds)}");
        Row("SLO attainment", r.SloAttainment is { } slo ? slo.ToString("P2", CultureInfo.InvariantCulture) : "no SLO set");
        Row("GPU utilization (busy ÷ paid)", r.Utilization.ToString("P1", CultureInfo.InvariantCulture));
        foreach (var c in r.Classes.Where(c => c.GpuHoursBusy + c.GpuHoursIdle > 0))
        {
            Row($"{c.Kind}: GPU-hours busy / idle", $"{Fmt.Sig(c.GpuHoursBusy)} / {Fmt.Sig(c.GpuHoursIdle)}");
            Row($"{c.Kind}: cost ($)", Fmt.Sig(c.CostUsd));
        }

        Row("GPU-hours lost to preemption", Fmt.Sig(r.LostGpuHours));
        Row("compute cost of the day ($)", Fmt.Sig(r.CostUsd));
        Row("realized cost per clip, idle included ($)", Fmt.Usd(r.RealizedCostPerClipUsd));
        Row("average-load cost per clip ($)", Fmt.Usd(plan.AverageLoadCostPerClipUsd));
        Row("energy, busy GPUs (kWh)", Fmt.Sig(r.EnergyKwh));
        Row("events simulated", r.Events.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(t);
        foreach (var tier in r.Tiers)
        {
            console.WriteLine($"tier {tier.Tier}: {tier.Completed:N0} clips, latency P50 {Fmt.Sig(tier.LatencyP50Seconds)} s, P99 {Fmt.Sig(tier.LatencyP99Seconds)} s" +
                (tier.SloAttainment is { } a ? $", SLO met {a.ToString("P1", CultureInfo.InvariantCulture)}" : string.Empty));
        }

        foreach (var note in plan.Notes)
        {
            console.WriteLine("note: " + note);
        }
    }
}
