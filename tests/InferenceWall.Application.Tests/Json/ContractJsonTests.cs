using System.Text.Json;
using InferenceWall.Application.Json;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Tests.Json;

public sealed class ContractJsonTests
{
    [Fact]
    public void Enums_WrittenAndReadAsTheirOneWord()
    {
        Assert.Equal("\"on_demand\"", JsonSerializer.Serialize(CapacityClass.OnDemand, ContractJson.Options));
        Assert.Equal(Precision.Fp8, JsonSerializer.Deserialize<Precision>("\"fp8\"", ContractJson.Options));
    }

    [Theory]
    [InlineData("\"fp9\"")]
    [InlineData("\"\"")]
    [InlineData("3")]
    [InlineData("null")]
    public void Enum_UnknownWord_RefusedWithTheAllowedList(string json)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Precision>(json, ContractJson.Options));
        Assert.Contains(Words.Precision.Allowed, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_SerializesKindAsItsWordAndEveryFieldOnce()
    {
        // Like every response, a problem writes its absent fields as null (the contract's keys do not come and go).
        var json = ContractJson.Serialize(Problem.LimitExceeded("frames", "too many"));
        Assert.Contains("\"kind\": \"limit_exceeded\"", json, StringComparison.Ordinal);
        Assert.Contains("\"fix\": null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"text\"", json, StringComparison.Ordinal);
    }
}

public sealed class EngineDataTests
{
    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"global\": {\"dense\": \"NaN\", \"attention\": 0.5}}")]
    public void Load_BadCalibrationText_ProblemAtItsSourceNotAnException(string json)
    {
        var outcome = EngineData.Load(new DataInputs { CalibrationJson = json, CalibrationSource = "mine.json" });
        Assert.False(outcome.IsOk);
        Assert.Equal("mine.json", Assert.Single(outcome.Problems).Location!.Source);
    }
}
