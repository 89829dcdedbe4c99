namespace InferenceWall.Simulation;

/// <summary>
/// The most work one simulated run may take, so that every run ends within seconds and a few hundred MB of memory.
/// A spec past a limit is refused before it runs (<see cref="SimulationSpec.Problems"/>, from an estimate of its
/// work); the queue and event limits also hold while it runs.
/// </summary>
public static class SimulationLimits
{
    /// <summary>The longest run: 366 days.</summary>
    public const double MaxDurationSeconds = 366 * 86_400.0;

    /// <summary>The most arrivals a run may expect (a Sora-scale day is about 11 million).</summary>
    public const long MaxArrivals = 25_000_000;

    /// <summary>The most replicas up at once: reserved, initial and the autoscaler's maximum (and its cap when none is given).</summary>
    public const int MaxReplicas = 100_000;

    /// <summary>
    /// The most requests waiting at once. Past it the fleet cannot keep up with demand by any margin that matters;
    /// further arrivals are turned away and counted (<see cref="RunResult.RejectedAtQueueLimit"/>).
    /// </summary>
    public const int MaxQueuedRequests = 5_000_000;

    /// <summary>The most samples of the queue and fleet over a run.</summary>
    public const long MaxSamples = 100_000;

    /// <summary>The most autoscaler decisions over a run.</summary>
    public const long MaxAutoscalerTicks = 1_000_000;

    /// <summary>The most events one run handles; a run that reaches it stops (<see cref="RunResult.StoppedAtEventLimit"/>).</summary>
    public const long MaxEvents = 80_000_000;

    /// <summary>The most spot preemptions a run may expect (each loses work and is redone).</summary>
    public const long MaxPreemptions = 5_000_000;

    /// <summary>The longest cold start of a replica: a day.</summary>
    public const double MaxProvisioningDelaySeconds = 86_400;

    public const int MaxBursts = 100;

    public const int MaxTiers = 100;

    public const int MaxClipClasses = 100;

    /// <summary>The largest coefficient of variation of log-normal service times.</summary>
    public const double MaxVariabilityCv = 10;

    /// <summary>The largest batch of clips served together by one replica.</summary>
    public const int MaxBatchSize = Core.Cost.CostLimits.MaxBatchSize;

    /// <summary>The most spot preemptions per replica-hour (one a minute; a replica could not even boot between them).</summary>
    public const double MaxSpotPreemptionsPerHour = 60;
}
