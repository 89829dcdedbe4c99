using Microsoft.Playwright;

namespace InferenceWall.Web.BrowserTests;

/// <summary>
/// One browser page on the dashboard that records every page error, console error and request that leaves the
/// server; <see cref="AssertCleanAsync"/> fails the test on any of them.
/// </summary>
internal sealed class DashboardPage : IAsyncDisposable
{
    /// <summary>How long a view may take to load (a cold server on 2 cores).</summary>
    public const float LoadTimeoutMs = 30_000;

    private readonly List<string> _errors = [];
    private bool _problemAnswersExpected;
    private readonly DashboardFixture _fixture;

    private DashboardPage(DashboardFixture fixture, string url, IBrowserContext context, IPage page)
    {
        _fixture = fixture;
        Context = context;
        Page = page;
        page.PageError += (_, e) => _errors.Add("page error: " + e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !(_problemAnswersExpected && IsProblemAnswer(m.Text)))
            {
                _errors.Add($"console error: {m.Text} ({m.Location})");
            }
        };
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(url, StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal) && !r.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                _errors.Add("a request left the server: " + r.Url);
            }
        };
    }

    /// <summary>
    /// The test sends bad input on purpose: Chromium's own "Failed to load resource: … status of 4xx" console
    /// line for those answers is expected (the page shows the problem details); every other error still fails.
    /// </summary>
    public void ExpectProblemAnswers() => _problemAnswersExpected = true;

    private static bool IsProblemAnswer(string text) =>
        ProblemStatuses.Any(code => text.StartsWith("Failed to load resource: the server responded with a status of " + code, StringComparison.Ordinal));

    /// <summary>The answers with problem details a test may provoke: bad input, no token, unknown id, conflict, infeasible.</summary>
    private static readonly int[] ProblemStatuses = [400, 401, 404, 409, 422];

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public static Task<DashboardPage> OpenAsync(DashboardFixture fixture) => OpenAsync(fixture, fixture.Url);

    /// <summary>A page on another server (one with an access token) in its own browser context.</summary>
    public static async Task<DashboardPage> OpenAsync(DashboardFixture fixture, string url)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            AcceptDownloads = true,
            BaseURL = url,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(LoadTimeoutMs);
        return new DashboardPage(fixture, url, context, page);
    }

    /// <summary>Opens a path and waits until the view says it has loaded (<c>body[data-ready=yes]</c>).</summary>
    public async Task GoAsync(string path, string view)
    {
        await Page.GotoAsync(path);
        await ReadyAsync(view);
    }

    /// <summary>
    /// Waits until the address (path and query) matches a pattern. The router changes it with pushState/replaceState,
    /// which Playwright's WaitForURL may keep waiting on for a load event that a same-document change never fires.
    /// </summary>
    public async Task WaitForAddressAsync(string pattern) =>
        await Page.WaitForFunctionAsync("p => new RegExp(p).test(location.pathname + location.search)", pattern);

    public Task ReadyAsync(string view) =>
        Page.WaitForSelectorAsync($"body[data-ready=yes][data-view={view}]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

    /// <summary>Saves the whole page, and the first screen of it as <c>name-top.png</c> (long pages read badly shrunk).</summary>
    public async Task ShotAsync(string name, bool fullPage = true)
    {
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_fixture.Screenshots, name + "-top.png") });
        if (fullPage)
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_fixture.Screenshots, name + ".png"), FullPage = true });
        }
    }

    /// <summary>Fails on any page error, console error or outside request seen so far.</summary>
    public async Task AssertCleanAsync()
    {
        // Let late errors (a failed chart draw after the ready flag) arrive.
        await Page.WaitForTimeoutAsync(100);
        Assert.True(_errors.Count == 0, "the page reported:\n" + string.Join("\n", _errors));
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
