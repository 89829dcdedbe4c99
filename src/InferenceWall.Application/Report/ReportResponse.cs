using System.Collections.Immutable;
using InferenceWall.Application.Economics;

namespace InferenceWall.Application.Report;

/// <summary>Everything a scenario's report shows; the Reporting project turns it into one HTML page.</summary>
public sealed record ReportResponse
{
    /// <summary>The name of the scenario's source (its file name).</summary>
    public required string Source { get; init; }
    public required string CalibrationFittedOn { get; init; }
    public required EconomicsResponse Economics { get; init; }

    /// <summary>Each input moved ±the sensitivity's delta; null, with <see cref="SensitivityReason"/>, when it could not be run.</summary>
    public required Sensitivity.SensitivityResponse? Sensitivity { get; init; }
    public required string? SensitivityReason { get; init; }

    /// <summary>The simulated day; null, with <see cref="SimulatedDayReason"/>, when the scenario has no simulation section or it could not run.</summary>
    public required ReportSimulatedDay? SimulatedDay { get; init; }
    public required string? SimulatedDayReason { get; init; }
}

/// <summary>What the simulated day measured.</summary>
public sealed record ReportSimulatedDay
{
    public required ulong Seed { get; init; }
    public required long CompletedClips { get; init; }
    public required long Rejected { get; init; }
    public required long TimedOut { get; init; }

    /// <summary>Latency percentiles; null when no clip completed.</summary>
    public required double? LatencyP50S { get; init; }
    public required double? LatencyP90S { get; init; }
    public required double? LatencyP99S { get; init; }

    /// <summary>Share of clips of tiers with an SLO that met it; null, with the reason, when no tier has one.</summary>
    public required double? SloAttainment { get; init; }
    public required string? SloAttainmentReason { get; init; }
    public required double Utilization { get; init; }
    public required double GpuHoursBusy { get; init; }
    public required double GpuHoursIdle { get; init; }

    /// <summary>Dollars per completed clip, idle and lost work included; null when no clip completed.</summary>
    public required double? RealizedCostPerClipUsd { get; init; }
    public required double AverageLoadCostPerClipUsd { get; init; }

    /// <summary>GPU-hours and dollars by capacity (<c>owned</c> for an owned fleet).</summary>
    public required ImmutableArray<CapacityRow> Capacity { get; init; }
    public required FleetSeries Series { get; init; }
    public required ImmutableArray<string> Notes { get; init; }
}

/// <summary>The queue and the fleet over the day, one entry per sample.</summary>
public sealed record FleetSeries(
    ImmutableArray<double> TimesS,
    ImmutableArray<int> QueueLength,
    ImmutableArray<int> ReplicasReserved,
    ImmutableArray<int> ReplicasOnDemand,
    ImmutableArray<int> ReplicasSpot,
    ImmutableArray<int> ReplicasBusy);
