namespace InferenceWall.Simulation;

/// <summary>The front door: a spec and a seed in, a <see cref="RunResult"/> out. Pure and deterministic.</summary>
public static class FleetSimulator
{
    /// <summary>
    /// Runs the spec. Check <see cref="SimulationSpec.Problems"/> first: an invalid spec throws
    /// <see cref="ArgumentException"/> listing every problem. <paramref name="progress"/> hears the share of the run
    /// done (0 to 1) every 65,536 events; <paramref name="cancel"/> is looked at as often.
    /// </summary>
    public static RunResult Run(SimulationSpec spec, ulong seed, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = spec.Problems();
        return problems.Length > 0
            ? throw new ArgumentException("invalid simulation: " + string.Join("; ", problems), nameof(spec))
            : new Engine.Engine(spec, seed, progress, cancel).Run();
    }
}
