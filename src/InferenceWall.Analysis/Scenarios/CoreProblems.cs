using System.Collections.Immutable;
using System.Text.RegularExpressions;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Problems;

namespace InferenceWall.Analysis.Scenarios;

/// <summary>
/// The one bridge from the cost model's and the economics' refusals, which are still "path: message" texts in Core,
/// to typed problems. Every analysis decides by <see cref="Problem.Kind"/> on what these return; nothing else in
/// Analysis reads a message. When <see cref="CostOutcome"/> and <c>UnitEconomics.Evaluate</c> return typed problems,
/// these two functions become <c>outcome.Problems</c> and <c>problems</c>, and this file goes.
/// </summary>
internal static partial class CoreProblems
{
    [GeneratedRegex(@"^(?<path>[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*): (?<message>.+)$", RegexOptions.Singleline)]
    private static partial Regex PathPrefix();

    /// <summary>The cost model's reasons for not costing a clip: a plan that does not fit in memory is infeasible, the rest bad input.</summary>
    public static ImmutableArray<Problem> FromCost(CostOutcome outcome, string path = "")
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return [.. outcome.Infeasible.Select(text => Classify(path, text))];
    }

    /// <summary>The economics' problems ("product.gpu: ...", "product.clip_mix[0]: does not fit ..."), typed.</summary>
    public static ImmutableArray<Problem> FromEconomics(IEnumerable<string> problems) =>
        [.. problems.Select(text => PathPrefix().Match(text) is { Success: true } m ? Classify(m.Groups["path"].Value, m.Groups["message"].Value) : Classify(string.Empty, text))];

    private static Problem Classify(string path, string text) =>
        text.StartsWith("does not fit", StringComparison.Ordinal) ? Problem.Infeasible(path, text)
        : path is "product.model" or "product.gpu" && text.StartsWith("unknown", StringComparison.OrdinalIgnoreCase) ? Problem.NotFound(path, text)
        : Problem.BadInput(path, text);
}
