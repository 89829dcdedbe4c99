namespace InferenceWall.Application.Case;

/// <summary>The Sora case, with the open-model comparison's hardware and provider.</summary>
public sealed record CaseRequest
{
    /// <summary>GPU the open models are priced on (a catalog GPU id or alias).</summary>
    public string OpenModelGpu { get; init; } = "H100-SXM";

    /// <summary>GPUs per clip (Ulysses degree) for the open models.</summary>
    public int OpenModelGpus { get; init; } = 8;

    /// <summary>Provider whose on-demand price the open models are priced at.</summary>
    public string OpenModelProvider { get; init; } = "lambda";
}
