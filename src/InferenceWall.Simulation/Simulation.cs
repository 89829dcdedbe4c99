namespace InferenceWall.Simulation;

/// <summary>The front door: a spec and a seed in, a <see cref="RunResult"/> out. Pure and deterministic.</summary>
public static class Simulation
{
    /// <summary>Runs the spec. Throws <see cref="ArgumentException"/> listing every problem of an invalid spec.</summary>
    public static RunResult Run(SimulationSpec spec, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = spec.Problems();
        return problems.Count > 0
            ? throw new ArgumentException("invalid simulation: " + string.Join("; ", problems), nameof(spec))
            : new Engine.Engine(spec, seed).Run();
    }
}
