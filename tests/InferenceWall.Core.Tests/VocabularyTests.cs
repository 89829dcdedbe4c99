using InferenceWall.Core.Catalog;

namespace InferenceWall.Core.Tests;

public class VocabularyTests
{
    [Fact]
    public void Vocabulary_ParsesWordsBothWays_AndRefusesTheUnknown()
    {
        var v = new Vocabulary<CapacityClass>("capacity class", (CapacityClass.OnDemand, "on_demand"), (CapacityClass.Reserved, "reserved"), (CapacityClass.Spot, "spot"));
        Assert.True(v.TryParse(" On-Demand ", out var parsed));
        Assert.Equal(CapacityClass.OnDemand, parsed);
        Assert.Equal("spot", v.Word(CapacityClass.Spot));
        Assert.False(v.TryParse("preemptible", out _));
        Assert.Equal(["on_demand", "reserved", "spot"], v.Words);
        var (_, problem) = v.Parse("capacity.class", "cheap");
        Assert.Contains("on_demand, reserved, spot", problem!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Vocabulary_WithoutAWordForAValue_OrAWordTwice_IsRefused()
    {
        var missing = Assert.Throws<ArgumentException>(() => new Vocabulary<CapacityClass>("capacity class", (CapacityClass.OnDemand, "on_demand"), (CapacityClass.Spot, "spot")));
        Assert.Contains("no word for Reserved", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Vocabulary<CapacityClass>("capacity class", (CapacityClass.OnDemand, "on_demand"), (CapacityClass.Reserved, "spot"), (CapacityClass.Spot, "spot")));
        Assert.Throws<ArgumentException>(() => new Vocabulary<CapacityClass>("capacity class", (CapacityClass.OnDemand, "on_demand"), (CapacityClass.OnDemand, "reserved"), (CapacityClass.Reserved, "r"), (CapacityClass.Spot, "spot")));
    }
}
