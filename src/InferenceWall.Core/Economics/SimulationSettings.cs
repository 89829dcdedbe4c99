using System.Collections.Immutable;

namespace InferenceWall.Core.Economics;

/// <summary>
/// How to simulate a scenario's day (the <c>simulation</c> section of a scenario file). Plain data: the simulator maps
/// it, with the scenario's users, clips and prices, onto its own spec.
/// </summary>
public sealed record SimulationSettings
{
    public double DurationSeconds { get; init; } = 86_400;

    /// <summary>24 relative weights per hour of the day; empty takes the simulator's default diurnal curve.</summary>
    public ImmutableArray<double> HourlyWeights { get; init; } = [];
    public ImmutableArray<BurstSettings> Bursts { get; init; } = [];

    public Variability Variability { get; init; } = Variability.LogNormal;
    public double VariabilityCv { get; init; } = 0.1;
    public int? MaxQueueLength { get; init; }
    public double SampleIntervalSeconds { get; init; } = 600;

    /// <summary>Seconds from asking for a machine to its start (before the model loads); a replica starts after this plus the model's load time.</summary>
    public double ProvisioningDelaySeconds { get; init; } = 300;

    /// <summary>Load bandwidth from storage to each GPU, GB/s: a replica's model load takes its bytes per GPU over this (<see cref="Cost.ModelLoading"/>).</summary>
    public double LoadGbps { get; init; } = Cost.ModelLoading.DefaultLoadGbps;
    public double SpotPreemptionsPerHour { get; init; }
    public int ReservedReplicas { get; init; }
    public int InitialReplicas { get; init; }
    public AutoscalerSettings? Autoscaler { get; init; }
    public ImmutableArray<TierSettings> Tiers { get; init; } = [];
    public int BatchSize { get; init; } = 1;
}

public sealed record BurstSettings(double StartSeconds, double DurationSeconds, double Multiplier);

public sealed record AutoscalerSettings
{
    public AutoscalePolicy Policy { get; init; } = AutoscalePolicy.TargetUtilization;
    public double Target { get; init; } = 0.8;
    public double IntervalSeconds { get; init; } = 60;
    public int MinReplicas { get; init; }
    public int MaxReplicas { get; init; } = int.MaxValue;
    public double SpotShare { get; init; }
}

/// <summary>Per user tier: priority (0 first), SLO and timeout.</summary>
public sealed record TierSettings
{
    public required string Tier { get; init; }
    public int Priority { get; init; }
    public double? SloSeconds { get; init; }
    public double? TimeoutSeconds { get; init; }
}

/// <summary>How service times vary around their mean.</summary>
public enum Variability
{
    /// <summary>Every clip of a kind takes exactly its mean.</summary>
    Deterministic,

    /// <summary>Exponential (memoryless), as in M/M/c.</summary>
    Exponential,

    /// <summary>Log-normal with the given coefficient of variation.</summary>
    LogNormal,
}

public enum AutoscalePolicy
{
    /// <summary>Keep busy replicas ÷ all replicas near the target.</summary>
    TargetUtilization,

    /// <summary>Add a replica per the target number of queued requests beyond the busy ones.</summary>
    QueueLength,
}
