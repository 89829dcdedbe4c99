using System.Collections.Immutable;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Cost;

/// <summary>
/// How one clip is spread over GPUs. <c>Ulysses × Ring × CfgParallel × TensorParallel = Gpus</c>.
/// <see cref="ShardWeights"/> is FSDP-style weight sharding across all GPUs (weights gathered layer by layer).
/// </summary>
public sealed record ParallelPlan
{
    public int Gpus { get; init; } = 1;
    public int Ulysses { get; init; } = 1;
    public int Ring { get; init; } = 1;
    public int CfgParallel { get; init; } = 1;
    public int TensorParallel { get; init; } = 1;
    public bool ShardWeights { get; init; }

    public static ParallelPlan Single { get; } = new();

    public int SequenceParallel => Ulysses * Ring;

    /// <summary>
    /// Every inconsistency of the plan, with paths relative to the plan (<c>gpus</c>, <c>ulysses</c>, <c>ring</c>,
    /// <c>cfg_parallel</c>, <c>tensor_parallel</c>); a caller puts them under its own prefix (<c>plan</c>, <c>product.parallel</c>).
    /// </summary>
    public ImmutableArray<Problem> Problems()
    {
        var problems = ImmutableArray.CreateBuilder<Problem>();
        foreach (var (path, value) in Degrees)
        {
            if (CostLimits.Degree(path, value) is { } problem)
            {
                problems.Add(problem);
            }
        }

        if (problems.Count > 0)
        {
            return problems.ToImmutable();
        }

        if (CfgParallel > 2)
        {
            problems.Add(Problem.BadInput("cfg_parallel", $"cfg_parallel is {CfgParallel}: classifier-free guidance has two branches, so the degree is 1 or 2"));
        }

        var product = (long)Ulysses * Ring * CfgParallel * TensorParallel;
        if (product != Gpus)
        {
            problems.Add(Problem.BadInput("gpus",
                $"ulysses {Ulysses} × ring {Ring} × cfg_parallel {CfgParallel} × tensor_parallel {TensorParallel} = {product}, but gpus is {Gpus}",
                "the degrees must multiply to the GPU count"));
        }

        return problems.ToImmutable();
    }

    private (string Path, int Value)[] Degrees =>
        [("gpus", Gpus), ("ulysses", Ulysses), ("ring", Ring), ("cfg_parallel", CfgParallel), ("tensor_parallel", TensorParallel)];
}
