namespace InferenceWall.Analysis.Studies;

/// <summary>How far a long analysis is: <see cref="Done"/> of <see cref="Total"/> units (points, samples, options).</summary>
public readonly record struct AnalysisProgress(long Done, long Total);
