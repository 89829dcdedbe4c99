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

    /// <summary>Every inconsistency of the plan, as messages naming the option to change.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Gpus < 1 || Ulysses < 1 || Ring < 1 || CfgParallel < 1 || TensorParallel < 1)
        {
            problems.Add("--gpus, --ulysses, --ring, --cfg-parallel and --tensor-parallel must each be >= 1");
            return problems;
        }

        if (CfgParallel > 2)
        {
            problems.Add($"--cfg-parallel {CfgParallel}: classifier-free guidance has two branches, so the degree is 1 or 2");
        }

        var product = (long)Ulysses * Ring * CfgParallel * TensorParallel;
        if (product != Gpus)
        {
            problems.Add($"--ulysses {Ulysses} × --ring {Ring} × --cfg-parallel {CfgParallel} × --tensor-parallel {TensorParallel} = {product}, but --gpus is {Gpus}; the degrees must multiply to the GPU count");
        }

        return problems;
    }
}
