namespace InferenceWall.Analysis.Studies;

/// <summary>
/// How far a long analysis is: <see cref="Done"/> of <see cref="Total"/> units (points, samples, options), and, where
/// there is more to say (a cluster job's chunks, retries and workers), a short <see cref="Detail"/>.
/// </summary>
public readonly record struct AnalysisProgress(long Done, long Total, string? Detail = null);
