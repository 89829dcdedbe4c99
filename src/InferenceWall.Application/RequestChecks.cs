using System.Globalization;
using InferenceWall.Core.Problems;
using InferenceWall.Simulation;

namespace InferenceWall.Application;

/// <summary>Checks of request fields that several use cases share.</summary>
internal static class RequestChecks
{
    /// <summary>
    /// A latency SLO in seconds: above 0 and at most the longest simulated run (366 days), since no latency beyond the
    /// run could be measured or met differently.
    /// </summary>
    public static Problem? Slo(string path, double seconds) =>
        !(double.IsFinite(seconds) && seconds > 0)
            ? Problem.BadInput(path, $"{seconds.ToString(CultureInfo.InvariantCulture)} is out of range", "give the latency SLO of one clip in seconds, above 0")
            : seconds > SimulationLimits.MaxDurationSeconds
                ? Problem.LimitExceeded(path, $"{seconds.ToString("G6", CultureInfo.InvariantCulture)} s is beyond the limit of {SimulationLimits.MaxDurationSeconds:N0} s (366 days)", "give an SLO of at most 366 days")
                : null;
}
