namespace InferenceWall.Cli.Tests;

public sealed class InputFileLimitTests
{
    [Fact]
    public void Text_FileOverTheLimit_LimitExceededWithoutReadingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"iwall-big-{Guid.NewGuid():N}.csv");
        try
        {
            // A sparse file: its length passes the limit without writing the bytes.
            using (var f = File.Create(path))
            {
                f.SetLength(CliInputs.MaxBytes + 1);
            }

            var (text, problem) = CliInputs.Text("--measurements", path);
            Assert.Null(text);
            Assert.Equal(Core.Problems.ProblemKind.LimitExceeded, problem!.Kind);
            Assert.Contains("268,435,456", problem.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
