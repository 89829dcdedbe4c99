namespace InferenceWall.Web.BrowserTests;

/// <summary>
/// Where the browser tests find Chromium (Debian's <c>chromium</c> package; Playwright's own download is never used)
/// and whether they may skip without it: on CI (<c>CI=true</c>) a missing browser fails the tests instead.
/// </summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public static bool Installed => File.Exists(Path);

    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The reason to skip, or null to run (Chromium is there, or CI must fail without it).</summary>
    public static string? SkipReason => Installed || OnCi ? null : $"Chromium is not installed at {Path} (apt-get install chromium); on CI (CI=true) this fails instead";
}

/// <summary>A browser test: skipped with a reason where Chromium is missing, except on CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = Chromium.SkipReason;
}

/// <summary>A browser theory: skipped with a reason where Chromium is missing, except on CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute() => Skip = Chromium.SkipReason;
}
