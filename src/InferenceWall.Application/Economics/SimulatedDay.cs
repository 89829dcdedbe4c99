using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation;
using InferenceWall.Simulation.Workload;

namespace InferenceWall.Application.Economics;

/// <summary>A scenario's simulated day: the plan it was mapped to, the run, and what the run paid for.</summary>
internal sealed record SimulatedDayRun(ScenarioSimulationPlan Plan, RunResult Run, SimulatedCompute Compute, SimulatedDayRow Row);

/// <summary>
/// The one way economics and the report simulate a scenario's day (the seam for the simulate use case: when it
/// exists, this calls it).
/// </summary>
internal static class SimulatedDay
{
    public static Outcome<SimulatedDayRun> Run(Scenario scenario, EngineData data, ulong seed)
    {
        var (plan, problems) = ScenarioSimulation.Build(scenario, data.Catalog, data.Calibration);
        if (plan is null)
        {
            return Outcome<SimulatedDayRun>.Fail(problems.Select(Problem));
        }

        var run = InferenceWall.Simulation.Simulation.Run(plan.Spec, seed);
        var compute = new SimulatedCompute(run.GpuHoursPaid, run.CostUsd, run.Completed, run.Utilization, $"seed {seed}");
        var row = new SimulatedDayRow
        {
            Seed = seed,
            CompletedClips = run.Completed,
            GpuHoursPaid = run.GpuHoursPaid,
            CostUsd = run.CostUsd,
            Utilization = run.Utilization,
            Capacity = [.. run.Classes.Where(c => c.GpuHoursBusy + c.GpuHoursIdle > 0)
                .Select(c => new CapacityRow(CapacityWords.Of(scenario.Capacity.Owned, c.Kind), c.GpuHoursBusy, c.GpuHoursIdle, c.CostUsd))],
        };
        return Outcome<SimulatedDayRun>.Ok(new SimulatedDayRun(plan, run, compute, row));
    }

    /// <summary>
    /// The simulation mapping's refusals (text today, "path: message") as problems; the one adapter, switched to the
    /// simulate use case's typed problems when it exists.
    /// </summary>
    private static Problem Problem(string text)
    {
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        var head = colon > 0 ? text[..colon] : string.Empty;
        return head.Length > 0 && !head.Contains(' ', StringComparison.Ordinal)
            ? Core.Problems.Problem.BadInput(head, text[(colon + 2)..])
            : Core.Problems.Problem.BadInput("simulation", text);
    }
}

/// <summary>The word of a fleet's capacity in every output: an owned fleet is <c>owned</c>, never a cloud class.</summary>
public static class CapacityWords
{
    public static string Of(bool owned, CapacityKind kind) => owned ? PricePart.Owned : kind switch
    {
        CapacityKind.Reserved => Core.Words.Capacity.Word(Core.Catalog.CapacityClass.Reserved),
        CapacityKind.OnDemand => Core.Words.Capacity.Word(Core.Catalog.CapacityClass.OnDemand),
        CapacityKind.Spot => Core.Words.Capacity.Word(Core.Catalog.CapacityClass.Spot),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown capacity kind"),
    };
}
