using InferenceWall.Core.Economics;
using InferenceWall.Simulation;
using InferenceWall.Simulation.Workload;

namespace InferenceWall.Application.Economics;

/// <summary>A scenario's simulated day: the plan it was mapped to, the run, and what the run paid for.</summary>
internal sealed record SimulatedDayRun(ScenarioSimulationPlan Plan, RunResult Run, SimulatedCompute Compute, SimulatedDayRow Row);

/// <summary>
/// The one way economics and the report simulate a scenario's day (the seam for the simulate use case: when it
/// exists, this calls it).
/// </summary>
internal static class DaySimulation
{
    public static Outcome<SimulatedDayRun> Run(Scenario scenario, EngineData data, ulong seed)
    {
        var (day, problems) = Analysis.Studies.SimulatedDays.Run(scenario, data.Catalog, data.Calibration, seed);
        if (day is null)
        {
            return Outcome<SimulatedDayRun>.Fail(problems);
        }

        var (plan, run, compute) = (day.Plan, day.Run, day.Compute);
        var row = new SimulatedDayRow
        {
            Seed = seed,
            CompletedClips = run.Completed,
            GpuHoursPaid = run.GpuHoursPaid,
            CostUsd = run.CostUsd,
            Utilization = run.Utilization,
            Capacity = [.. run.Classes.Where(c => c.GpuHoursBusy + c.GpuHoursIdle > 0)
                .Select(c => new CapacityRow(CapacityWords.Of(scenario.Capacity.Owned, c.Capacity), c.GpuHoursBusy, c.GpuHoursIdle, c.CostUsd))],
        };
        return Outcome<SimulatedDayRun>.Ok(new SimulatedDayRun(plan, run, compute, row));
    }
}

/// <summary>The word of a fleet's capacity in every output: an owned fleet is <c>owned</c>, never a cloud class.</summary>
public static class CapacityWords
{
    public static string Of(bool owned, Core.Catalog.CapacityClass capacity) => owned ? PricePart.Owned : Core.Words.Capacity.Word(capacity);
}
