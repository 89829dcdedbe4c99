using System.Globalization;
using InferenceWall.Application.Simulate;
using Spectre.Console;

namespace InferenceWall.Cli.Commands;

internal static partial class SimulateCommand
{
    private static void Render(IAnsiConsole console, SimulatedDay r)
    {
        var run = r.DurationS == 86_400 ? "day" : "run";
        console.WriteLine(r.DurationS == 86_400
            ? $"{r.Scenario}: one simulated day, seed {r.Seed}"
            : $"{r.Scenario}: a simulated run of {Fmt.Sig(r.DurationS / 86_400)} days ({Fmt.Sig(r.DurationS)} s), seed {r.Seed}; totals are over the run");
        var t = new Table().Border(TableBorder.Rounded).Title("Simulated day");
        t.AddColumn("quantity");
        t.AddColumn(new TableColumn("value").RightAligned());
        void Row(string label, string value) => t.AddRow(Markup.Escape(label), Markup.Escape(value));
        Row("requests arrived", r.Arrivals.ToString("N0", CultureInfo.InvariantCulture));
        Row("clips completed", r.Completed.ToString("N0", CultureInfo.InvariantCulture));
        Row("rejected by admission control", r.Rejected.ToString("N0", CultureInfo.InvariantCulture));
        Row("timed out in the queue", r.TimedOut.ToString("N0", CultureInfo.InvariantCulture));
        Row("spot preemptions", r.Preemptions.ToString("N0", CultureInfo.InvariantCulture));
        Row("wait P50 / P90 / P99 (s)", Triple(r.WaitSeconds));
        Row("latency P50 / P90 / P99 (s)", Triple(r.LatencySeconds));
        Row("SLO attainment", r.SloAttainment is { } slo ? slo.ToString("P2", CultureInfo.InvariantCulture) : r.SloAttainmentReason ?? "n/a");
        Row("GPU utilization (busy ÷ paid)", r.Utilization.ToString("P1", CultureInfo.InvariantCulture));
        foreach (var c in r.Classes.Where(c => c.GpuHoursBusy + c.GpuHoursIdle > 0))
        {
            var name = c.Label;
            Row($"{name}: GPU-hours busy / idle", $"{Fmt.Sig(c.GpuHoursBusy)} / {Fmt.Sig(c.GpuHoursIdle)}");
            Row($"{name}: cost ($)", Fmt.Sig(c.CostUsd));
        }

        Row("GPU-hours lost to preemption", Fmt.Sig(r.LostGpuHours));
        Row($"compute cost of the {run} ($)", Fmt.Sig(r.CostUsd));
        Row("realized cost per clip, idle included ($)", r.RealizedCostPerClipUsd is { } realized ? Fmt.Usd(realized) : r.RealizedCostPerClipReason ?? "n/a");
        Row("average-load cost per clip ($)", Fmt.Usd(r.AverageLoadCostPerClipUsd));
        Row("energy, busy GPUs (kWh)", Fmt.Sig(r.EnergyKwh));
        Row("events simulated", r.Events.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(t);
        foreach (var reason in new[] { r.WaitSeconds.Reason, r.LatencySeconds.Reason }.OfType<string>().Distinct())
        {
            console.WriteLine("n/a: " + reason);
        }

        foreach (var tier in r.Tiers)
        {
            var latency = tier.LatencyP50Seconds is { } p50
                ? $"latency P50 {Fmt.Sig(p50)} s, P99 {Seconds(tier.LatencyP99Seconds)}"
                : $"latency n/a ({tier.LatencyReason})";
            console.WriteLine($"tier {tier.Tier}: {tier.Completed:N0} clips, {latency}" +
                (tier.SloAttainment is { } a ? $", SLO met {a.ToString("P1", CultureInfo.InvariantCulture)}" : string.Empty) +
                (tier.LatencyP50Seconds is not null && tier.LatencyP99Seconds is null ? $" (P99 n/a: {tier.LatencyReason})" : string.Empty));
        }

        foreach (var note in r.Notes)
        {
            console.WriteLine("note: " + note);
        }
    }

    /// <summary>P50 / P90 / P99 for a table; a missing one reads n/a, with its reason printed below the table.</summary>
    private static string Triple(DurationFigures f)
    {
        static string V(double? v) => v is { } x ? Fmt.Sig(x) : "n/a";
        return $"{V(f.P50)} / {V(f.P90)} / {V(f.P99)}";
    }
}
