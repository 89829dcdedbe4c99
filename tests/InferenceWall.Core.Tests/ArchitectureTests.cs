namespace InferenceWall.Core.Tests;

/// <summary>
/// The dependency rule of DESIGN.md: Core references nothing of ours, and Core, Simulation and Analysis do no I/O,
/// printing, clock reading or global randomness.
/// </summary>
public class ArchitectureTests
{
    [Fact]
    public void Core_ReferencesOnlyTheFramework()
    {
        var references = typeof(EmbeddedData).Assembly.GetReferencedAssemblies().Select(a => a.Name!);
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", name));
    }

    [Theory]
    [InlineData("Console.")]
    [InlineData("File.")]
    [InlineData("Directory.")]
    [InlineData("DateTime.Now")]
    [InlineData("DateTime.UtcNow")]
    [InlineData("new Random(")]
    [InlineData("Random.Shared")]
    [InlineData("Environment.")]
    [InlineData("Stopwatch")]
    public void PureProjects_Source_DoesNotUse(string forbidden)
    {
        var files = new[] { "InferenceWall.Core", "InferenceWall.Simulation", "InferenceWall.Analysis" }
            .SelectMany(project => Directory.GetFiles(RepoPaths.Of("src", project), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var pattern = new System.Text.RegularExpressions.Regex("(?<![A-Za-z0-9_])" + System.Text.RegularExpressions.Regex.Escape(forbidden));
        var offenders = files.Where(f => pattern.IsMatch(File.ReadAllText(f))).ToList();
        Assert.Empty(offenders);
    }
}
