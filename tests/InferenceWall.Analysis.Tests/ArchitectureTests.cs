namespace InferenceWall.Analysis.Tests;

/// <summary>The dependency rule of DESIGN.md: Analysis depends on Core, never on the edges (CLI, console rendering).</summary>
public class ArchitectureTests
{
    [Fact]
    public void Analysis_ReferencesCoreButNotTheEdges()
    {
        var analysis = typeof(InferenceWall.Analysis.Calibration.Calibrator).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("InferenceWall.Core", analysis);
        Assert.DoesNotContain(analysis, n => n.Contains("Cli", StringComparison.Ordinal) || n.Contains("Spectre", StringComparison.Ordinal));
    }
}
