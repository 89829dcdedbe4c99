namespace InferenceWall.Cli.Tests;

/// <summary>
/// The estimate table as users see it. When the cost model, catalog or calibration changes on purpose, regenerate with
/// <c>UPDATE_SNAPSHOTS=1 dotnet test</c> and review the diff.
/// </summary>
public class SnapshotTests
{
    [Fact]
    public void Estimate_IssueExample_TableMatchesSnapshot()
    {
        var (code, output, _) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--gpus", "4", "--ulysses", "4",
            "--resolution", "1280x720", "--frames", "81", "--steps", "50", "--provider", "lambda");
        Assert.Equal(0, code);
        var path = RepoPaths.Of("tests", "InferenceWall.Cli.Tests", "Snapshots", "estimate-wan2.1-t2v-14b-4xh100-lambda.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, output);
        }

        Assert.Equal(File.ReadAllText(path), output);
    }
}
