namespace InferenceWall.Simulation;

/// <summary>The former front door, kept for callers not yet moved to <see cref="FleetSimulator"/>.</summary>
public static class Simulation
{
    /// <summary>Runs the spec; see <see cref="FleetSimulator.Run"/>.</summary>
    public static RunResult Run(SimulationSpec spec, ulong seed) => FleetSimulator.Run(spec, seed);
}
