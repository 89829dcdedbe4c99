using System.Text;
using System.Text.Json.Nodes;
using InferenceWall.Storage;

namespace InferenceWall.Web.BrowserTests;

/// <summary>What the dashboard does to runs: labels, re-run and compare, cancel with progress, an access token.</summary>
[Collection(DashboardGroup.Name)]
public sealed class RunActionTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task A_label_edited_in_the_history_is_stored()
    {
        var id = fixture.Runs["economics-enterprise"];
        await using var p = await DashboardPage.OpenAsync(fixture);
        await p.GoAsync("/", "history");
        await p.Page.ClickAsync($"button[data-edit-label='{id}']");
        await p.Page.FillAsync($"input[aria-label='label of run {id}']", "enterprise, owned H100s");
        await p.Page.PressAsync($"input[aria-label='label of run {id}']", "Enter");
        await p.Page.Locator($"tr[data-run='{id}'] .label-text", new() { HasText = "enterprise, owned H100s" }).WaitForAsync();
        var run = await fixture.GetAsync($"/api/runs/{id}");
        Assert.Equal("enterprise, owned H100s", (string?)run["label"]);
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task Rerun_with_todays_catalog_stores_a_new_run_and_compares_it()
    {
        var id = fixture.Runs["economics"];
        await using var p = await DashboardPage.OpenAsync(fixture);
        await p.GoAsync($"/runs/{id}", "run");
        await p.Page.ClickAsync("#rerun");
        await p.WaitForAddressAsync($@"^/compare\?a={id}&b=\d+$");
        await p.ReadyAsync("compare");
        var b = long.Parse(p.Page.Url[(p.Page.Url.LastIndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(id, b);
        var rerun = await fixture.GetAsync($"/api/runs/{b}");
        Assert.Equal("economics", (string)rerun["kind"]!);
        // Today's catalog is the one the first run froze: the same inputs, so no input differs.
        Assert.Contains("The inputs are the same.", await p.Page.InnerTextAsync("section.compare"), StringComparison.Ordinal);
        await p.ShotAsync("compare-rerun");
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task A_long_run_shows_its_progress_and_can_be_cancelled()
    {
        var body = new JsonObject
        {
            ["kind"] = "montecarlo",
            ["scenario_yaml"] = fixture.StartupYaml,
            ["options"] = new JsonObject
            {
                ["inputs"] = new JsonArray(new JsonObject { ["field"] = "efficiency", ["distribution"] = "lognormal", ["parameters"] = new JsonArray(1, 0.2) }),
                ["samples"] = 1_000_000,
            },
        };
        using var response = await fixture.Client.PostAsync("/api/runs", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var id = (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;

        await using var p = await DashboardPage.OpenAsync(fixture);
        p.ExpectProblemAnswers();
        await p.GoAsync($"/runs/{id}", "run");
        await p.Page.Locator("progress[data-progress]").WaitForAsync();
        await p.ShotAsync("run-progress", fullPage: false);
        await p.Page.ClickAsync("#cancel");
        await p.Page.Locator("article.run[data-status=cancelled]").WaitForAsync();
        Assert.Equal(0, await p.Page.Locator("progress[data-progress]").CountAsync());
        var run = await fixture.GetAsync($"/api/runs/{id}");
        Assert.Equal("cancelled", (string)run["status"]!);
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task An_unknown_run_shows_the_problem_details()
    {
        await using var p = await DashboardPage.OpenAsync(fixture);
        p.ExpectProblemAnswers();
        await p.GoAsync("/runs/987654", "run");
        var error = await p.Page.InnerTextAsync("main .error");
        Assert.Contains("HTTP 404", error, StringComparison.Ordinal);
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task With_an_access_token_the_page_takes_it_from_the_url_or_asks_for_it()
    {
        const string Token = "browser-test-token-0123456789";
        var dir = Directory.CreateTempSubdirectory("iwall-token-").FullName;
        try
        {
            await TokenPagesAsync(dir, Token);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task TokenPagesAsync(string dir, string token)
    {
        await using var store = await RunStores.OpenAsync(Path.Combine(dir, "runs.db"));
        await using var app = WebServer.Build(new ServeOptions { Urls = "http://127.0.0.1:0", Token = token, DashboardAssembly = typeof(ServeOptions).Assembly }, store);
        await app.StartAsync();
        var url = WebServer.Addresses(app).Single();
        try
        {
            await using (var p = await DashboardPage.OpenAsync(fixture, url))
            {
                await p.Page.GotoAsync($"/#token={token}");
                await p.ReadyAsync("history");
                Assert.Equal(0, await p.Page.Locator("main .error").CountAsync());
                Assert.DoesNotContain("token", p.Page.Url, StringComparison.Ordinal);
                Assert.Equal(token, await p.Page.EvaluateAsync<string>("() => sessionStorage.getItem('iwall.token')"));
                // The token is kept for the next view.
                await p.Page.ClickAsync("a[data-nav=catalog]");
                await p.ReadyAsync("catalog");
                Assert.True(await p.Page.Locator("[data-table=catalog-prices] tbody tr").CountAsync() > 0);
                await p.AssertCleanAsync();
            }

            await using (var p = await DashboardPage.OpenAsync(fixture, url))
            {
                p.ExpectProblemAnswers();
                await p.GoAsync("/", "history");
                Assert.Contains("HTTP 401", await p.Page.InnerTextAsync("main .error"), StringComparison.Ordinal);
                await p.Page.FillAsync("#token-input", token);
                await p.ShotAsync("token-asked", fullPage: false);
                await p.Page.ClickAsync("#token-box button[type=submit]");
                await p.ReadyAsync("history");
                await p.Page.Locator("#runs-table").WaitForAsync();
                Assert.Equal(0, await p.Page.Locator("main .error").CountAsync());
                await p.AssertCleanAsync();
            }
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
