using InferenceWall.Core.Economics;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Sweep;

/// <summary>The inputs every scenario analysis (sweep, sensitivity, Monte Carlo, optimize) shares: the scenario and the thread count.</summary>
internal static class AnalysisInputs
{
    /// <summary>The most worker threads a request may ask for.</summary>
    public const int MaxThreads = 1_024;

    /// <summary>The scenario, validated by its rules, or null with its problems added.</summary>
    public static Scenario? Scenario(ScenarioSource? source, List<Problem> problems)
    {
        if (source is null)
        {
            problems.Add(Problem.BadInput("scenario", "is missing", "give the scenario's name and YAML text"));
            return null;
        }

        var outcome = source.Load();
        problems.AddRange(outcome.Problems);
        return outcome.Value;
    }

    /// <summary>The thread count: all cores when not given; 1 to <see cref="MaxThreads"/> otherwise. Results do not depend on it.</summary>
    public static int Threads(int? threads, List<Problem> problems)
    {
        switch (threads)
        {
            case null:
                return Environment.ProcessorCount;
            case < 1:
                problems.Add(Problem.BadInput("threads", $"{threads} is out of range", "give at least 1 thread"));
                return 1;
            case > MaxThreads:
                problems.Add(Problem.LimitExceeded("threads", $"{threads:N0} threads is more than the limit of {MaxThreads:N0}", "give fewer threads; results are the same for any count"));
                return 1;
            default:
                return threads.Value;
        }
    }
}
