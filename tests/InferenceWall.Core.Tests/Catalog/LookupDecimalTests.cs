namespace InferenceWall.Core.Tests.Catalog;

public sealed class LookupDecimalTests
{
    [Fact]
    public void FindModel_NameDifferingOnlyByADecimalPoint_NotFoundNotAnotherModel()
    {
        // Before: dots were dropped, so a 1.4B name silently resolved to the 14B model.
        var found = EmbeddedData.Catalog().FindModel("wan2.1-t2v-1.4b");
        Assert.Null(found.Value);
    }

    [Theory]
    [InlineData("wan2.1-t2v-14b")]
    [InlineData("Wan2.1 T2V 14B")]
    [InlineData("WAN2.1_T2V_14B")]
    public void FindModel_SpellingsOfTheSameId_Found(string name) =>
        Assert.Equal("wan2.1-t2v-14b", EmbeddedData.Catalog().FindModel(name).Value?.Id);

    [Fact]
    public void Normalize_VeryLongName_NoStackOverflow() =>
        Assert.Equal(2_000_000, Text.NameMatcher.Normalize(new string('a', 2_000_000)).Length);
}
