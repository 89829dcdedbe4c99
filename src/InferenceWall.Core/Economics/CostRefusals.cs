using System.Collections.Immutable;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Economics;

/// <summary>
/// The cost model's problems with one clip of a scenario, moved to the scenario's fields: the cost request's paths
/// (<c>steps</c>, <c>plan.ulysses</c>, <c>precision</c>) become the scenario's (<c>product.clip_mix[0].steps</c>,
/// <c>product.parallel.ulysses</c>, <c>product.precision</c>). The kind stays the cost model's, so a plan that does not
/// fit is infeasible in every command.
/// </summary>
public static class CostRefusals
{
    public static IEnumerable<Problem> Of(ImmutableArray<Problem> problems, string clipPath) =>
        problems.Select(p => p with { Path = PathOf(p.Path, clipPath) });

    private static string PathOf(string costPath, string clipPath) => costPath switch
    {
        "" => clipPath,
        "width" => clipPath + ".width_px",
        "height" => clipPath + ".height_px",
        "frames" => clipPath,
        "steps" => clipPath + ".steps",
        "cfg" => clipPath + ".cfg",
        "plan.gpus" or "gpus" => "product.gpus_per_clip",
        "model" or "gpu" or "precision" or "offload" or "stack" or "compiled" or "utilization" => "product." + costPath,
        "pue" => "energy.pue",
        "usd_per_gpu_hour" => "capacity.usd_per_gpu_hour",
        _ when costPath.StartsWith("plan.", StringComparison.Ordinal) => "product.parallel." + costPath["plan.".Length..],
        _ => clipPath + "." + costPath,
    };
}
