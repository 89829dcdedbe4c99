using InferenceWall.Application.Diff;

namespace InferenceWall.Application.Tests.Diff;

public sealed class DiffUseCaseTests
{
    [Fact]
    public void Run_SameNumberWrittenTwoWays_NotAChange()
    {
        // Before: 0.40 and 0.4 were listed as a change because the texts were compared.
        var a = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));
        var b = a.Replace("overage_usd_per_clip: 0.40", "overage_usd_per_clip: 0.4", StringComparison.Ordinal).Replace("usd_per_video_second: 0.10", "usd_per_video_second: 0.1", StringComparison.Ordinal);
        Assert.NotEqual(a, b);
        var outcome = DiffUseCase.Run(new DiffRequest { A = new ScenarioSource("a.yaml", a), B = new ScenarioSource("b.yaml", b) }, EngineData.Shipped);
        Assert.True(outcome.IsOk);
        Assert.Empty(outcome.Value!.Changes);
    }
}
