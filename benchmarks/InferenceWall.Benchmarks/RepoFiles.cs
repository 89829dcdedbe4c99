namespace InferenceWall.Benchmarks;

/// <summary>Finds repository files (scenarios) from the benchmark's output folder.</summary>
internal static class RepoFiles
{
    public static string Path(params string[] parts)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(System.IO.Path.Combine(dir, "InferenceWall.slnx")))
        {
            dir = System.IO.Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root (InferenceWall.slnx) not found");
        }

        return System.IO.Path.Combine([dir, .. parts]);
    }
}
