namespace InferenceWall.Core.Economics;

/// <summary>One number of a case study: an input with its source, or a figure derived from inputs with its formula.</summary>
/// <param name="Key">snake_case key used in JSON.</param>
/// <param name="Basis">For an input, where it comes from; for a derived figure, how it is computed.</param>
public sealed record CaseFigure(string Key, string Label, double Value, string Unit, bool IsInput, string Basis);
