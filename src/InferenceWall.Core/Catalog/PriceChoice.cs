namespace InferenceWall.Core.Catalog;

/// <summary>The quote chosen for a provider, GPU and capacity class, its date, how many others there were, and the rule that chose it.</summary>
/// <param name="Quote">The chosen quote (its SKU, $/GPU-hour and source).</param>
/// <param name="Date">Its <c>as_of</c> read as a date; null when it is undated.</param>
/// <param name="Alternatives">The other quotes for the same provider, GPU and class.</param>
/// <param name="Basis">Why this quote, in words ("lowest $/GPU-hour of 2 current quotes ...").</param>
public sealed record PriceChoice(GpuPrice Quote, DateOnly? Date, int Alternatives, string Basis)
{
    public bool Undated => Date is null;
}
