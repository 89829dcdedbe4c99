namespace InferenceWall.Core.Cost;

/// <summary>What to generate: one clip's size, length and sampler settings.</summary>
public sealed record ClipSpec
{
    public required int WidthPixels { get; init; }
    public required int HeightPixels { get; init; }
    public required int Frames { get; init; }
    public required int Steps { get; init; }

    /// <summary>Classifier-free guidance (two transformer branches per step); null takes the model's default.</summary>
    public bool? Cfg { get; init; }
}
