using System.Collections.Immutable;
using System.Text.RegularExpressions;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Economics;

/// <summary>
/// The cost model's refusals of a scenario's clip as typed problems at the scenario's fields. The one adapter between
/// the cost model's reasons (text today) and the economics: a plan that does not fit, or a model or GPU the catalog
/// cannot cost, is <see cref="ProblemKind.Infeasible"/> (valid input with no answer, as in every command); a setting
/// the cost model refuses is bad input at its field.
/// </summary>
internal static partial class CostRefusals
{
    public static IEnumerable<Problem> Of(ImmutableArray<string> reasons, string clipPath)
    {
        foreach (var reason in reasons)
        {
            var text = Words(reason);
            if (reason.StartsWith("does not fit", StringComparison.Ordinal))
            {
                var at = text.IndexOf("; try ", StringComparison.Ordinal);
                yield return at < 0 ? Problem.Infeasible(clipPath, text) : Problem.Infeasible(clipPath, text[..at], text[(at + 2)..]);
            }
            else if (reason.StartsWith("--precision", StringComparison.Ordinal))
            {
                yield return Problem.BadInput("product.precision", Tail(text));
            }
            else if (reason.StartsWith("--cfg-parallel", StringComparison.Ordinal))
            {
                yield return Problem.BadInput("product.parallel.cfg_parallel", Tail(text));
            }
            else if (reason.StartsWith("--", StringComparison.Ordinal))
            {
                yield return Problem.BadInput(clipPath, text);
            }
            else if (reason.Contains("bandwidth", StringComparison.Ordinal))
            {
                yield return Problem.Infeasible("product.gpu", text);
            }
            else
            {
                yield return Problem.Infeasible("product.model", text);
            }
        }
    }

    /// <summary>The refusal in the scenario's words: options become the fields they set, the catalog folder "the catalog".</summary>
    public static string Words(string reason)
    {
        var text = reason
            .Replace("with --catalog DIR", "to the catalog", StringComparison.Ordinal)
            .Replace("--ulysses/--ring", "parallel.ulysses or parallel.ring", StringComparison.Ordinal)
            .Replace("--shard-weights", "parallel.shard_weights: true", StringComparison.Ordinal)
            .Replace("--cfg false", "cfg: false", StringComparison.Ordinal)
            .Replace("--gpus", "gpus_per_clip", StringComparison.Ordinal);
        text = Valued().Replace(text, m => $"{Field(m.Groups[1].Value)}: {m.Groups[2].Value}");
        return Flag().Replace(text, m => Field(m.Groups[1].Value));
    }

    private static string Field(string option) => option switch
    {
        "ulysses" or "ring" or "cfg-parallel" or "tensor-parallel" => "parallel." + option.Replace('-', '_'),
        _ => option.Replace('-', '_'),
    };

    private static string Tail(string text) => text.IndexOf(": ", StringComparison.Ordinal) is var i and >= 0 && i < 40 ? text[(i + 2)..] : text;

    /// <summary>An option followed by its value word: <c>--offload sequential</c>, <c>--precision fp8</c>.</summary>
    [GeneratedRegex(@"--(offload|precision) ([a-z0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Valued();

    [GeneratedRegex(@"--([a-z][a-z-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Flag();
}
