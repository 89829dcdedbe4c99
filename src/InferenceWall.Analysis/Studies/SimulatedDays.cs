using System.Collections.Immutable;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation;
using InferenceWall.Simulation.Workload;

namespace InferenceWall.Analysis.Studies;

/// <summary>A scenario's simulated day: the plan it was mapped to, the run, and what the run paid for.</summary>
public sealed record FleetDay(ScenarioSimulationPlan Plan, RunResult Run, SimulatedCompute Compute);

/// <summary>
/// The one way an analysis simulates a scenario's day: map it to a fleet (<see cref="ScenarioSimulation.Build"/>),
/// run the day with a seed, refuse a run that did not finish its work.
/// </summary>
public static class SimulatedDays
{
    public static (FleetDay? Day, ImmutableArray<Problem> Problems) Run(Scenario scenario, VideoCatalog catalog, CostCalibration calibration, ulong seed, CancellationToken cancel = default)
    {
        var (plan, problems) = ScenarioSimulation.Build(scenario, catalog, calibration);
        if (plan is null)
        {
            return (null, problems);
        }

        var run = FleetSimulator.Run(plan.Spec, seed, cancel: cancel);
        return ScenarioSimulation.Unfinished(plan, run) is { } unfinished
            ? (null, [unfinished])
            : (new FleetDay(plan, run, new SimulatedCompute(run.GpuHoursPaid, run.CostUsd, run.Completed, run.Utilization, $"seed {seed}")), []);
    }
}
