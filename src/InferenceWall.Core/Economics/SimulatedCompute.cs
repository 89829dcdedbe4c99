namespace InferenceWall.Core.Economics;

/// <summary>What a simulated day of the scenario paid for, to replace the average-load compute cost.</summary>
/// <param name="Basis">What was simulated (seed, policy), for the record.</param>
public sealed record SimulatedCompute(double GpuHoursPaid, double CostUsd, long CompletedClips, double Utilization, string Basis);
