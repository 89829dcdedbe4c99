namespace InferenceWall.Tests;

/// <summary>Finds files of the repository from the test's output folder (linked into every test project).</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "InferenceWall.slnx")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root (InferenceWall.slnx) not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);
}
