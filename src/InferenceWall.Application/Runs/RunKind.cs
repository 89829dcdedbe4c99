using InferenceWall.Core;

namespace InferenceWall.Application.Runs;

/// <summary>What a stored run ran: one of the use cases that take a scenario or a clip and give an answer worth keeping.</summary>
public enum RunKind
{
    Estimate,
    Economics,
    Simulate,
    Sweep,
    Sensitivity,
    MonteCarlo,
    Optimize,
    CapacitySearch,
    Case,
}

/// <summary>Where a stored run is in its life. Only <see cref="Queued"/> and <see cref="Running"/> change later.</summary>
public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Interrupted,
}

/// <summary>The one spelling of each run kind and status (the CLI command names; the API's <c>kind</c> and <c>status</c>).</summary>
public static class RunWords
{
    public static Vocabulary<RunKind> Kind { get; } = new("run kind",
        (RunKind.Estimate, "estimate"), (RunKind.Economics, "economics"), (RunKind.Simulate, "simulate"), (RunKind.Sweep, "sweep"),
        (RunKind.Sensitivity, "sensitivity"), (RunKind.MonteCarlo, "montecarlo"), (RunKind.Optimize, "optimize"),
        (RunKind.CapacitySearch, "capacity"), (RunKind.Case, "case"));

    public static Vocabulary<RunStatus> Status { get; } = new("run status",
        (RunStatus.Queued, "queued"), (RunStatus.Running, "running"), (RunStatus.Succeeded, "succeeded"), (RunStatus.Failed, "failed"),
        (RunStatus.Cancelled, "cancelled"), (RunStatus.Interrupted, "interrupted"));

    /// <summary>True for a status that never changes again.</summary>
    public static bool IsFinal(RunStatus status) => status is not (RunStatus.Queued or RunStatus.Running);
}
