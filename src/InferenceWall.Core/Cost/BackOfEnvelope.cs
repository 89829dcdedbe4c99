namespace InferenceWall.Core.Cost;

/// <summary>The analysts' back-of-envelope: $/GPU-minute × GPUs per clip × minutes per clip.</summary>
/// <remarks>The developers' guide's example: 0.08 $/GPU-min × 4 GPUs × 8 min = $2.56.</remarks>
public static class BackOfEnvelope
{
    public static double CostUsd(double gpuMinutes, int gpus, double usdPerGpuMinute)
    {
        if (!double.IsFinite(gpuMinutes) || gpuMinutes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gpuMinutes), gpuMinutes, "minutes per clip must be a non-negative number");
        }

        if (gpus < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(gpus), gpus, "GPUs per clip must be at least 1");
        }

        return !double.IsFinite(usdPerGpuMinute) || usdPerGpuMinute < 0
            ? throw new ArgumentOutOfRangeException(nameof(usdPerGpuMinute), usdPerGpuMinute, "price must be a non-negative number")
            : usdPerGpuMinute * gpus * gpuMinutes;
    }
}
