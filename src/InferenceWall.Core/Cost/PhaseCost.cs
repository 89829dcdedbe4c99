namespace InferenceWall.Core.Cost;

/// <summary>The cost of one phase of a generation.</summary>
/// <param name="Phase">Which phase.</param>
/// <param name="Flops">Floating-point operations of the phase, all GPUs together.</param>
/// <param name="ComputeSeconds">Time the phase's math takes at the calibrated efficiency.</param>
/// <param name="MemorySeconds">Time to stream the phase's weights from GPU memory (roofline lower bound).</param>
/// <param name="CommunicationSeconds">GPU-to-GPU or host transfer time not hidden behind compute.</param>
/// <param name="Seconds">Wall-clock seconds of the phase.</param>
/// <param name="GpusBusy">GPUs working in the phase (the rest of the allocation waits).</param>
public readonly record struct PhaseCost(
    Phase Phase,
    double Flops,
    double ComputeSeconds,
    double MemorySeconds,
    double CommunicationSeconds,
    double Seconds,
    int GpusBusy);
