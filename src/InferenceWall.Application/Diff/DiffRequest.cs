namespace InferenceWall.Application.Diff;

/// <summary>Two scenarios to compare: <see cref="A"/> is the base, <see cref="B"/> the change.</summary>
public sealed record DiffRequest
{
    public required ScenarioSource A { get; init; }
    public required ScenarioSource B { get; init; }
}
