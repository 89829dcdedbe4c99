using InferenceWall.Application.Economics;
using InferenceWall.Application.Sensitivity;

namespace InferenceWall.Application.Report;

/// <summary>The data of a scenario's report: the economics, the sensitivity of cost per clip, and the simulated day.</summary>
public static class ReportUseCase
{
    /// <summary>The relative move of each input in the report's sensitivity.</summary>
    public const double SensitivityDelta = 0.2;

    public static Outcome<ReportResponse> Run(ReportRequest request, EngineData data, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var evaluated = EconomicsUseCase.Evaluate(request.Scenario, data, null);
        if (!evaluated.IsOk)
        {
            return evaluated.As<ReportResponse>();
        }

        var scenario = evaluated.Value!.Scenario;
        // The report's tornado is the sensitivity use case's answer, so the two never differ.
        var sensitivity = SensitivityUseCase.Run(new SensitivityRequest { Scenario = request.Scenario, Delta = SensitivityDelta }, data, cancel);

        ReportSimulatedDay? day = null;
        string? dayReason = "the scenario has no simulation section";
        if (scenario.Simulation is not null)
        {
            var simulated = DaySimulation.Run(scenario, data, request.Seed);
            if (simulated.IsOk)
            {
                day = Day(simulated.Value!);
                dayReason = null;
            }
            else
            {
                dayReason = "the simulation could not run: " + string.Join("; ", simulated.Problems.Select(p => p.ToString()));
            }
        }

        return Outcome<ReportResponse>.Ok(new ReportResponse
        {
            Source = request.Scenario.Name,
            CalibrationFittedOn = data.Calibration.FittedOn,
            Economics = evaluated.Value.Response,
            Sensitivity = sensitivity.Value,
            SensitivityReason = sensitivity.IsOk ? null : "the sensitivity could not be run: " + string.Join("; ", sensitivity.Problems.Select(p => p.ToString())),
            SimulatedDay = day,
            SimulatedDayReason = dayReason,
        });
    }

    private static ReportSimulatedDay Day(SimulatedDayRun d)
    {
        var r = d.Run;
        var any = r.Completed > 0;
        static double? Finite(double v) => double.IsFinite(v) ? v : null;
        return new ReportSimulatedDay
        {
            Seed = d.Row.Seed,
            CompletedClips = r.Completed,
            Rejected = r.Rejected,
            TimedOut = r.TimedOut,
            LatencyP50S = any ? Finite(r.LatencyP50Seconds) : null,
            LatencyP90S = any ? Finite(r.LatencyP90Seconds) : null,
            LatencyP99S = any ? Finite(r.LatencyP99Seconds) : null,
            SloAttainment = r.SloAttainment is { } s && double.IsFinite(s) ? s : null,
            SloAttainmentReason = r.SloAttainment is { } s2 && double.IsFinite(s2) ? null : "no tier has an SLO (simulation.tiers[].slo_s), or no clip of one completed",
            Utilization = r.Utilization,
            GpuHoursBusy = r.GpuHoursBusy,
            GpuHoursIdle = r.GpuHoursIdle,
            RealizedCostPerClipUsd = any ? Finite(r.RealizedCostPerClipUsd) : null,
            AverageLoadCostPerClipUsd = d.Plan.AverageLoadCostPerClipUsd,
            Capacity = d.Row.Capacity,
            Series = new FleetSeries(r.Series.TimesSeconds, r.Series.QueueLength, r.Series.ReplicasReserved, r.Series.ReplicasOnDemand, r.Series.ReplicasSpot, r.Series.ReplicasBusy),
            Notes = d.Plan.Notes,
        };
    }
}
