using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace InferenceWall.Web.BrowserTests;

/// <summary>The dashboard in Chromium against the real server: each page loads its data, draws and exports.</summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task History_lists_the_stored_runs_with_their_summary_and_filters_by_kind_in_the_url()
    {
        await using var p = await DashboardPage.OpenAsync(fixture);
        await p.GoAsync("/", "history");
        var ids = await p.Page.Locator("#runs-table tbody tr[data-run]").EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.run))");
        // Every stored run is listed (other tests may add more), newest first.
        Assert.Subset(ids.ToHashSet(), fixture.Runs.Values.ToHashSet());
        Assert.Equal(ids.OrderDescending(), ids);

        var economics = p.Page.Locator($"#runs-table tr[data-run='{fixture.Runs["economics"]}']");
        var summary = await fixture.GetAsync($"/api/runs/{fixture.Runs["economics"]}");
        var cost = (double)summary["summary"]!["cost_per_clip_usd"]!;
        await p.ShotAsync("history");
        var rowText = await economics.InnerTextAsync();
        Assert.Contains("$" + cost.ToString("N2", CultureInfo.InvariantCulture), rowText, StringComparison.Ordinal);
        Assert.Contains("startup", rowText, StringComparison.Ordinal);

        await p.Page.SelectOptionAsync("#filter-kind", "economics");
        await p.WaitForAddressAsync(@"^/\?kind=economics$");
        await p.Page.WaitForFunctionAsync("() => [...document.querySelectorAll('#runs-table tbody tr')].every(r => r.children[2].textContent === 'economics')");
        var economicsIds = await p.Page.Locator("#runs-table tbody tr[data-run]").EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.run))");
        Assert.Subset(economicsIds.ToHashSet(), fixture.Runs.Where(r => r.Key.StartsWith("economics", StringComparison.Ordinal)).Select(r => r.Value).ToHashSet());
        Assert.DoesNotContain(fixture.Runs["simulate"], economicsIds);

        // The URL rebuilds the view: a fresh page at that link shows the same filter and rows.
        await p.GoAsync("/?kind=economics", "history");
        Assert.Equal("economics", await p.Page.InputValueAsync("#filter-kind"));
        Assert.Equal(economicsIds.Length, await p.Page.Locator("#runs-table tbody tr").CountAsync());
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task Economics_run_page_draws_the_wall_and_the_value_chain_with_the_provenance()
    {
        var id = fixture.Runs["economics"];
        await using var p = await DashboardPage.OpenAsync(fixture);
        await p.GoAsync($"/runs/{id}", "run");
        var wall = p.Page.Locator("[data-chart=wall] svg");
        await wall.WaitForAsync();
        // The cost curve and the price lines are SVG paths; the break-even point is labelled.
        Assert.True(await wall.Locator("path").CountAsync() > 5, "the wall chart has no lines");
        var wallText = await wall.TextContentAsync() ?? string.Empty;
        Assert.Contains("revenue per clip", wallText, StringComparison.Ordinal);
        Assert.Contains("$ per clip", wallText, StringComparison.Ordinal);
        Assert.Contains("efficiency gain", wallText, StringComparison.Ordinal);
        Assert.Contains("crosses at", wallText, StringComparison.Ordinal);

        var chain = p.Page.Locator("[data-chart=value-chain] svg");
        Assert.True(await chain.Locator("path").CountAsync() > 6, "the value chain has no bars");
        Assert.Contains("chip vendor gross profit", await chain.TextContentAsync() ?? string.Empty, StringComparison.Ordinal);

        var run = await fixture.GetAsync($"/api/runs/{id}");
        var provenance = await p.Page.Locator("#provenance").InnerTextAsync();
        Assert.Contains((string)run["calibration_sha256"]!, provenance, StringComparison.Ordinal);
        Assert.Contains((string)run["engine_version"]!, provenance, StringComparison.Ordinal);
        var price = run["used_catalog"]!["prices"]!.AsArray()[0]!;
        Assert.Contains((string)price["as_of"]!, await p.Page.Locator("[data-table=prices-used]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Lambda on-demand H100 SXM", await p.Page.Locator("#scenario-yaml").InnerTextAsync(), StringComparison.Ordinal);
        var note = (string)run["result"]!["notes"]!.AsArray()[0]!;
        Assert.Contains(note, await p.Page.Locator("[data-notes=Notes]").InnerTextAsync(), StringComparison.Ordinal);
        // The levers that matter most, one row each, as the result lists them.
        var levers = run["result"]!["levers"]!.AsArray();
        Assert.NotEmpty(levers);
        Assert.Equal(levers.Count, await p.Page.Locator("[data-table=levers] tbody tr").CountAsync());
        Assert.Contains((string)levers[0]!["lever"]!, await p.Page.Locator("[data-table=levers]").InnerTextAsync(), StringComparison.Ordinal);
        await p.ShotAsync("run-economics");
        await p.AssertCleanAsync();
    }

    [BrowserTheory]
    [InlineData("economics-simulated", "fleet")]
    [InlineData("simulate", "latency")]
    [InlineData("simulate", "tiers")]
    [InlineData("simulate", "fleet-day")]
    [InlineData("sensitivity", "tornado")]
    [InlineData("montecarlo", "spread")]
    [InlineData("montecarlo", "histogram")]
    [InlineData("sweep", "sweep")]
    [InlineData("optimize", "options")]
    [InlineData("optimize", "losses")]
    [InlineData("capacity", "capacity")]
    [InlineData("capacity-fleets", "fleets")]
    [InlineData("capacity-fleets", "capacity")]
    [InlineData("estimate", "phases")]
    public async Task Each_kind_of_run_draws_its_chart(string run, string chart)
    {
        await using var p = await DashboardPage.OpenAsync(fixture);
        await p.GoAsync($"/runs/{fixture.Runs[run]}", "run");
        var svg = p.Page.Locator($"[data-chart={chart}] svg");
        await svg.WaitForAsync();
        Assert.True(await svg.Locator("path, rect").CountAsync() > 3, $"the {chart} chart of the {run} run draws nothing");
        await p.ShotAsync($"run-{run}");
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task Capacity_run_of_many_fleets_lists_each_fleet_and_marks_an_upper_bound()
    {
        await using var p = await DashboardPage.OpenAsync(fixture);
        await p.GoAsync($"/runs/{fixture.Runs["capacity-fleets"]}", "run");
        var rows = p.Page.Locator("[data-table=fleets] tbody tr");
        Assert.Equal(3, await rows.CountAsync());
        Assert.StartsWith("128", await rows.Nth(2).InnerTextAsync(), StringComparison.Ordinal);

        // 128 replicas held every load tried within the 6-hour runs: the figure is marked as an upper bound, and why.
        Assert.Contains("≤", await rows.Nth(2).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("upper bound", await rows.Nth(2).InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("≤", await rows.Nth(0).InnerTextAsync(), StringComparison.Ordinal);
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task Case_run_lists_its_figures_with_units_and_bases()
    {
        await using var p = await DashboardPage.OpenAsync(fixture);
        await p.GoAsync($"/runs/{fixture.Runs["case"]}", "run");
        var run = await fixture.GetAsync($"/api/runs/{fixture.Runs["case"]}");
        var figures = run["result"]!["figures"]!.AsArray();
        Assert.Equal(figures.Count, await p.Page.Locator("[data-table=figures] tbody tr").CountAsync());
        Assert.Contains((string)figures[0]!["label"]!, await p.Page.Locator("[data-table=figures]").InnerTextAsync(), StringComparison.Ordinal);
        await p.ShotAsync("run-case");
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task Editor_shows_a_problem_next_to_its_line_with_its_field_path()
    {
        await using var p = await DashboardPage.OpenAsync(fixture);
        p.ExpectProblemAnswers();
        await p.GoAsync("/editor?example=startup-720p-h100", "editor");
        await p.Page.WaitForSelectorAsync("#validation.ok");
        Assert.Contains("valid", await p.Page.InnerTextAsync("#validation"), StringComparison.Ordinal);
        Assert.Equal(fixture.StartupYaml, await p.Page.InputValueAsync("#yaml"));

        var lines = fixture.StartupYaml.Split('\n');
        var line = Array.IndexOf(lines, DashboardFixture.StepsLine) + 1;
        Assert.True(line > 0);
        var broken = fixture.StartupYaml.Replace(DashboardFixture.StepsLine, "      steps: lots", StringComparison.Ordinal);
        await p.Page.FillAsync("#yaml", broken);
        var note = p.Page.Locator($".annotation[data-line='{line}']");
        await note.WaitForAsync();
        Assert.Equal("product.clip_mix[0].steps", await note.GetAttributeAsync("data-path"));
        Assert.Contains("'lots' is not a number", await note.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("bad", await p.Page.Locator($".gutter [data-line='{line}']").GetAttributeAsync("class") ?? string.Empty, StringComparison.Ordinal);
        // Beside its line: the note's top is the line's top in the gutter.
        var noteBox = await note.BoundingBoxAsync();
        var lineBox = await p.Page.Locator($".gutter [data-line='{line}']").BoundingBoxAsync();
        Assert.NotNull(noteBox);
        Assert.NotNull(lineBox);
        Assert.InRange(noteBox.Y - lineBox.Y, -2, 2);
        Assert.Contains("product.clip_mix[0].steps", await p.Page.InnerTextAsync("#validation"), StringComparison.Ordinal);

        // A click on the problem in the list scrolls its line (and the note beside it) into view.
        await p.Page.ClickAsync($"#validation li[data-line='{line}']");
        Assert.True(await note.IsVisibleAsync());
        var editor = await p.Page.Locator(".editor").BoundingBoxAsync();
        noteBox = await note.BoundingBoxAsync();
        Assert.NotNull(editor);
        Assert.NotNull(noteBox);
        Assert.InRange(noteBox.Y, editor.Y, editor.Y + editor.Height - noteBox.Height);
        await p.ShotAsync("editor-problem");
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task Editor_runs_economics_and_goes_to_the_new_run()
    {
        await using var p = await DashboardPage.OpenAsync(fixture);
        await p.GoAsync("/editor?example=startup-720p-h100", "editor");
        await p.Page.ClickAsync("button[data-run-kind=economics][data-run-index='0']");
        await p.WaitForAddressAsync(@"^/runs/\d+$");
        await p.ReadyAsync("run");
        await p.Page.Locator("[data-chart=wall] svg").WaitForAsync();
        var id = long.Parse(p.Page.Url[(p.Page.Url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        var run = await fixture.GetAsync($"/api/runs/{id}");
        Assert.Equal("economics", (string)run["kind"]!);
        Assert.Equal(fixture.StartupYaml, (string)run["scenario_yaml"]!);
        await p.ShotAsync("editor-run");
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task Compare_shows_the_changed_field_and_the_output_deltas()
    {
        var a = fixture.Runs["economics"];
        var b = fixture.Runs["economics-30-steps"];
        await using var p = await DashboardPage.OpenAsync(fixture);
        // Tick the two runs in the history and compare them.
        await p.GoAsync("/", "history");
        await p.Page.CheckAsync($"input[data-tick='{b}']");
        await p.Page.CheckAsync($"input[data-tick='{a}']");
        await p.Page.ClickAsync("#compare-selected");
        await p.WaitForAddressAsync($@"^/compare\?a={a}&b={b}$");
        await p.ReadyAsync("compare");

        var row = p.Page.Locator("#inputs-diff tbody tr", new PageLocatorOptions { HasText = "product.clip_mix[0].steps" });
        Assert.Equal(1, await row.CountAsync());
        var cells = await row.Locator("td").AllInnerTextsAsync();
        Assert.Equal(["product.clip_mix[0].steps", "50", "30"], cells);
        Assert.Equal(1, await p.Page.Locator("#inputs-diff tbody tr").CountAsync());

        var diff = await fixture.GetAsync($"/api/runs/{a}/diff/{b}");
        var cost = diff["outputs"]!.AsArray().Single(o => (string)o!["field"]! == "figures.cost_per_clip_usd")!;
        var outputs = await p.Page.Locator("#outputs-diff").InnerTextAsync();
        Assert.Contains("figures.cost_per_clip_usd", outputs, StringComparison.Ordinal);
        Assert.Contains(((double)cost["relative_change"]! * 100).ToString("N1", CultureInfo.InvariantCulture) + " %", outputs.Replace('−', '-'), StringComparison.Ordinal);
        Assert.True(await p.Page.Locator("[data-chart=compare-key] svg path").CountAsync() > 3);
        // Both walls over each other: two cost curves and two revenue lines, named by run.
        var walls = await p.Page.Locator("[data-chart=compare-wall] svg").TextContentAsync() ?? string.Empty;
        Assert.Contains($"A: run #{a} cost per clip", walls, StringComparison.Ordinal);
        Assert.Contains($"B: run #{b} cost per clip", walls, StringComparison.Ordinal);
        await p.ShotAsync("compare");
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task Export_downloads_each_charts_data_as_csv_and_the_run_as_json()
    {
        var id = fixture.Runs["economics"];
        await using var p = await DashboardPage.OpenAsync(fixture);
        await p.GoAsync($"/runs/{id}", "run");
        var download = await p.Page.RunAndWaitForDownloadAsync(() => p.Page.ClickAsync("button[data-export=wall]"));
        Assert.Equal($"run-{id}-wall.csv", download.SuggestedFilename);
        var lines = File.ReadAllLines(await download.PathAsync());
        Assert.StartsWith("efficiency_gain_x,cost_per_clip_usd,revenue_per_clip_usd_per_clip", lines[0], StringComparison.Ordinal);
        var first = lines[1].Split(',');
        var run = await fixture.GetAsync($"/api/runs/{id}");
        Assert.Equal(1.0, double.Parse(first[0], CultureInfo.InvariantCulture));
        Assert.Equal((double)run["result"]!["figures"]!["cost_per_clip_usd"]!, double.Parse(first[1], CultureInfo.InvariantCulture), 9);

        var chain = await p.Page.RunAndWaitForDownloadAsync(() => p.Page.ClickAsync("button[data-export=value-chain]"));
        var chainLines = File.ReadAllLines(await chain.PathAsync());
        Assert.Equal("segment,key,usd_per_day,share_of_costs", chainLines[0]);
        // A label with commas is quoted, so the row keeps its four cells.
        var segments = run["result"]!["value_chain"]!["segments"]!.AsArray();
        var withComma = (string)segments.First(x => ((string)x!["label"]!).Contains(',', StringComparison.Ordinal))!["label"]!;
        Assert.Contains(chainLines, l => l.StartsWith($"\"{withComma}\",", StringComparison.Ordinal));
        Assert.Equal(segments.Count + 2, chainLines.Length);

        var json = await p.Page.RunAndWaitForDownloadAsync(() => p.Page.ClickAsync("#export-json"));
        var exported = JsonNode.Parse(await File.ReadAllTextAsync(await json.PathAsync()))!;
        Assert.Equal(id, (long)exported["id"]!);
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task Catalog_lists_prices_with_source_and_as_of_and_filters_them()
    {
        await using var p = await DashboardPage.OpenAsync(fixture);
        await p.GoAsync("/catalog?kind=prices", "catalog");
        var headers = await p.Page.Locator("[data-table=catalog-prices] th").AllInnerTextsAsync();
        Assert.Contains("as of", headers);
        Assert.Contains("source", headers);
        Assert.Contains("$/GPU-hour", headers);
        var all = await p.Page.Locator("[data-table=catalog-prices] tbody tr").CountAsync();
        await p.ShotAsync("catalog-prices", fullPage: false);
        await p.Page.FillAsync("#catalog-filter", "lambda");
        await p.WaitForAddressAsync(@"^/catalog\?kind=prices&q=lambda$");
        var some = await p.Page.Locator("[data-table=catalog-prices] tbody tr").CountAsync();
        Assert.InRange(some, 1, all - 1);
        foreach (var kind in new[] { "gpus", "models", "apis", "hardware" })
        {
            await p.Page.ClickAsync($"nav.tabs a[data-kind={kind}]");
            await p.ReadyAsync("catalog");
            Assert.True(await p.Page.Locator($"[data-table=catalog-{kind}] tbody tr").CountAsync() > 0, kind);
            await p.ShotAsync($"catalog-{kind}", fullPage: false);
        }

        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task Cluster_jobs_page_shows_each_jobs_progress_and_cancels_the_running_one()
    {
        await using var p = await DashboardPage.OpenAsync(fixture);
        await p.GoAsync("/jobs", "jobs");
        var rows = p.Page.Locator("[data-table=jobs] tbody tr");
        Assert.Equal(3, await rows.CountAsync());
        var headers = await p.Page.Locator("[data-table=jobs] th").AllInnerTextsAsync();
        Assert.Contains("workers alive", headers);
        Assert.Contains("from the store", headers);
        var running = p.Page.Locator($"tr[data-key='{DashboardFixture.RunningJob}']");
        Assert.Contains("117 of 234", await running.InnerTextAsync());
        Assert.Contains("933 candidates in chunks of 4", await running.InnerTextAsync());
        Assert.Contains("a chunk failed 6 times", await p.Page.Locator("tr[data-status=failed]").InnerTextAsync());
        Assert.True(await p.Page.Locator("tr[data-status=done] button.cancel").IsDisabledAsync());
        await p.ShotAsync("jobs", fullPage: false);

        await running.Locator("button.cancel").ClickAsync();
        await running.Locator("button.cancel:has-text('stopping')").WaitForAsync();

        var jobs = (await fixture.GetAsync("/api/jobs"))["jobs"]!.AsArray();
        Assert.True((bool)jobs.Single(j => (string?)j!["key"] == DashboardFixture.RunningJob)!["cancel_requested"]!);
        await p.AssertCleanAsync();
    }

    [BrowserFact]
    public async Task Estimate_form_draws_the_phase_breakdown_and_keeps_its_state_in_the_url()
    {
        await using var p = await DashboardPage.OpenAsync(fixture);
        await p.GoAsync("/estimate", "estimate");
        await p.Page.FillAsync("#f-model", "wan2.1-t2v-14b");
        await p.Page.FillAsync("#f-gpu", "h100-sxm");
        await p.Page.FillAsync("#f-gpus", "4");
        await p.Page.FillAsync("#f-ulysses", "4");
        await p.Page.FillAsync("#f-provider", "lambda");
        await p.Page.ClickAsync("#estimate-submit");
        await p.Page.Locator("[data-chart=phases] svg").WaitForAsync();
        Assert.Contains("gpus=4", p.Page.Url, StringComparison.Ordinal);
        Assert.Contains("denoise", await p.Page.InnerTextAsync("[data-table=phases]"), StringComparison.Ordinal);
        await p.ShotAsync("estimate");

        // Bad input comes back as problem details with the field path.
        p.ExpectProblemAnswers();
        await p.Page.FillAsync("#f-gpus", "0");
        await p.Page.ClickAsync("#estimate-submit");
        var error = p.Page.Locator("#estimate-result .error");
        await error.WaitForAsync();
        Assert.Contains("gpus", await error.InnerTextAsync(), StringComparison.Ordinal);
        // The box the problem names is marked, with the message beside it.
        Assert.Equal("true", await p.Page.GetAttributeAsync("#f-gpus", "aria-invalid"));
        Assert.Contains("gpus", await p.Page.Locator("#estimate-form .field-problem").GetAttributeAsync("data-path") ?? string.Empty, StringComparison.Ordinal);
        await p.ShotAsync("estimate-error");
        await p.AssertCleanAsync();
    }
}
