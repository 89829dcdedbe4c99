using InferenceWall.Application.Jobs;
using InferenceWall.Application.Runs;

namespace InferenceWall.Storage.Tests;

/// <summary>
/// The run store's behaviour, the same on every database: each derived class opens a fresh database per test
/// (a temporary SQLite file, a new PostgreSQL database) through <see cref="RunStores.OpenAsync(string?, CancellationToken)"/>.
/// </summary>
public abstract class RunStoreContract : IAsyncLifetime
{
    private IRunStore? _store;

    /// <summary>What <c>--db</c> would say for this test's fresh database.</summary>
    protected string Target { get; private set; } = "";

    protected IRunStore Store => _store ?? throw new InvalidOperationException("the store is not open");

    protected abstract string ExpectedProvider { get; }

    /// <summary>Creates an empty database; its <c>--db</c> value.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    /// <summary>Runs SQL on the database directly (no store, no migration); the first column of the first row.</summary>
    protected abstract Task<object?> RawAsync(string sql);

    public async Task InitializeAsync()
    {
        Target = await CreateDatabaseAsync();
        _store = await RunStores.OpenAsync(Target);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await DropDatabaseAsync();
    }

    protected async Task<long> CountAsync(string table) => Convert.ToInt64(await RawAsync($"SELECT COUNT(*) FROM {table}"));

    [StoreFact]
    public void Provider_names_the_database()
    {
        Assert.Equal(ExpectedProvider, Store.Provider);
        Assert.DoesNotContain("password", Store.Description, StringComparison.OrdinalIgnoreCase);
    }

    [StoreFact]
    public async Task A_finished_run_comes_back_with_every_field()
    {
        var yaml = Runs.Plan.Scenario!.Yaml + "\n# ünïcödé — 名前 🎬 \"quotes\" 'apostrophes' \\ backslash\n";
        var result = "{\"rows\":[" + string.Join(",", Enumerable.Range(0, 60_000).Select(i => $"{{\"i\":{i},\"v\":\"κ{i}\"}}")) + "]}";
        Assert.True(result.Length > 1_000_000);
        var created = new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var run = Runs.Queued() with
        {
            Status = RunStatus.Succeeded,
            Label = "Überprüfung ✓",
            ScenarioYaml = yaml,
            ScenarioSha256 = RunPlanner.Sha256(yaml),
            Seed = ulong.MaxValue - 7,
            CreatedAt = created,
            FinishedAt = created.AddSeconds(3),
            ResultJson = result,
            ProblemsJson = "[]",
            Summary = new RunSummary
            {
                CostPerClipUsd = 0.123456789012345,
                GrossMargin = -1.5,
                P90LatencyS = 42.25,
                SloAttainment = 0.9875,
                DailyCostUsd = 12_345.678,
                AboveWall = true,
            },
        };

        var id = await Store.AddAsync(run);
        var got = await Store.GetAsync(id);

        Assert.NotNull(got);
        Assert.Equal(id, got.Id);
        Assert.Equal(RunKind.Economics, got.Kind);
        Assert.Equal(RunStatus.Succeeded, got.Status);
        Assert.Equal(run.Label, got.Label);
        Assert.Equal(Runs.ScenarioFile, got.ScenarioName);
        Assert.Equal(run.ScenarioTitle, got.ScenarioTitle);
        Assert.False(string.IsNullOrEmpty(got.ScenarioTitle));
        Assert.Equal(yaml, got.ScenarioYaml);
        Assert.Equal(run.ScenarioSha256, got.ScenarioSha256);
        Assert.Equal(run.OptionsJson, got.OptionsJson);
        Assert.Equal(ulong.MaxValue - 7, got.Seed);
        Assert.Equal(run.Provenance, got.Provenance);
        Assert.True(got.Provenance.CatalogJson.Length > 10_000, "the real frozen catalog");

        // Times are kept in UTC to the microsecond (PostgreSQL's precision; SQLite keeps the same).
        Assert.Equal(created.AddTicks(-7), got.CreatedAt);
        Assert.Equal(TimeSpan.Zero, got.CreatedAt.Offset);
        Assert.Equal(created.AddSeconds(3).AddTicks(-7), got.FinishedAt);
        Assert.Null(got.StartedAt);
        Assert.Equal(1.0, got.Progress);
        Assert.Equal(result, got.ResultJson);
        Assert.Equal("[]", got.ProblemsJson);
        Assert.Equal(run.Summary, got.Summary);
    }

    [StoreFact]
    public async Task A_queued_run_keeps_its_empty_fields_empty()
    {
        var run = Runs.Queued() with { Seed = null, ScenarioName = null, ScenarioTitle = null, ScenarioYaml = null, ScenarioSha256 = null, Kind = RunKind.Estimate };
        var got = await Store.GetAsync(await Store.AddAsync(run));

        Assert.NotNull(got);
        Assert.Equal(RunKind.Estimate, got.Kind);
        Assert.Equal(RunStatus.Queued, got.Status);
        Assert.Null(got.Label);
        Assert.Null(got.Seed);
        Assert.Null(got.ScenarioYaml);
        Assert.Null(got.ScenarioTitle);
        Assert.Null(got.Progress);
        Assert.Null(got.FinishedAt);
        Assert.Null(got.ResultJson);
        Assert.Null(got.ProblemsJson);
        Assert.Equal(RunSummary.None, got.Summary);
    }

    [StoreFact]
    public async Task Seeds_keep_all_64_bits()
    {
        foreach (var seed in new ulong[] { 0, 1, long.MaxValue, (ulong)long.MaxValue + 1, ulong.MaxValue })
        {
            var id = await Store.AddAsync(Runs.Queued() with { Seed = seed });
            Assert.Equal(seed, (await Store.GetAsync(id))!.Seed);
            Assert.Equal(seed, (await Store.ListAsync(new RunQuery { Limit = 1 })).Single().Seed);
        }
    }

    [StoreFact]
    public async Task An_unknown_id_is_null_or_false()
    {
        Assert.Null(await Store.GetAsync(12345));
        Assert.False(await Store.StartAsync(12345, Runs.T0));
        Assert.False(await Store.FinishAsync(12345, new RunFinish { Status = RunStatus.Failed, FinishedAt = Runs.T0 }));
        Assert.False(await Store.DeleteAsync(12345));
        Assert.False(await Store.SetLabelAsync(12345, "x"));
        await Store.ProgressAsync(12345, 0.5);
    }

    [StoreFact]
    public async Task The_history_lists_newest_first_and_filters()
    {
        var other = Runs.Plan.ScenarioSha256 + "-other";
        var a = await Store.AddAsync(Runs.Queued(0, "baseline"));
        var b = await Store.AddAsync(Runs.Queued(1, "My STARTUP try") with { Kind = RunKind.MonteCarlo, ScenarioTitle = "Enterprise VFX", ScenarioSha256 = other });
        var c = await Store.AddAsync(Runs.Queued(2) with { Kind = RunKind.MonteCarlo, Status = RunStatus.Failed, ProblemsJson = "[]", ScenarioTitle = "Enterprise VFX", ScenarioSha256 = other });
        var d = await Store.AddAsync(Runs.Queued(3, "second look") with { Status = RunStatus.Succeeded, ResultJson = "{}" });

        async Task<long[]> Ids(RunQuery q) => [.. (await Store.ListAsync(q)).Select(i => i.Id)];

        Assert.Equal([d, c, b, a], await Ids(new RunQuery()));
        Assert.Equal([c, b], await Ids(new RunQuery { Kind = RunKind.MonteCarlo }));
        Assert.Equal([d, a], await Ids(new RunQuery { Kind = RunKind.Economics }));
        Assert.Equal([b, a], await Ids(new RunQuery { Status = RunStatus.Queued }));
        Assert.Equal([c], await Ids(new RunQuery { Kind = RunKind.MonteCarlo, Status = RunStatus.Failed }));
        Assert.Empty(await Ids(new RunQuery { Kind = RunKind.Sweep }));

        // Text: in the label or the scenario's title, ignoring case.
        var title = Runs.Plan.ScenarioTitle!;
        Assert.Equal([d, a], await Ids(new RunQuery { Text = title.ToUpperInvariant() }));
        Assert.Equal([b], await Ids(new RunQuery { Text = "startup try" }));
        Assert.Equal([c, b], await Ids(new RunQuery { Text = "  enterprise vfx " }));
        Assert.Equal([d], await Ids(new RunQuery { Text = "LOOK" }));
        Assert.Empty(await Ids(new RunQuery { Text = "no such words" }));
        Assert.Empty(await Ids(new RunQuery { Text = "%" }));
        Assert.Empty(await Ids(new RunQuery { Text = "_" }));

        Assert.Equal([c, b], await Ids(new RunQuery { ScenarioSha256 = other }));
        Assert.Equal([d, a], await Ids(new RunQuery { ScenarioSha256 = Runs.Plan.ScenarioSha256 }));

        var item = (await Store.ListAsync(new RunQuery { Limit = 1 })).Single();
        Assert.Equal(d, item.Id);
        Assert.Equal(RunStatus.Succeeded, item.Status);
        Assert.Equal("second look", item.Label);
        Assert.Equal(Runs.Provenance.EngineVersion, item.EngineVersion);
        Assert.Equal(Runs.T0.AddMinutes(3), item.CreatedAt);
        Assert.Equal(title, item.ScenarioTitle);
    }

    [StoreFact]
    public async Task The_history_pages_with_before_and_limit()
    {
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await Store.AddAsync(Runs.Queued(i, $"run {i}")));
        }

        async Task<long[]> Page(long? before, int limit) => [.. (await Store.ListAsync(new RunQuery { BeforeId = before, Limit = limit })).Select(i => i.Id)];

        Assert.Equal([ids[6], ids[5], ids[4]], await Page(null, 3));
        Assert.Equal([ids[3], ids[2], ids[1]], await Page(ids[4], 3));
        Assert.Equal([ids[0]], await Page(ids[1], 3));
        Assert.Empty(await Page(ids[0], 3));
        Assert.Equal(7, (await Page(null, RunQuery.MaxLimit)).Length);

        // A limit out of range is held to 1 … MaxLimit.
        Assert.Single(await Page(null, 0));
        Assert.Single(await Page(null, -5));
        Assert.Equal(7, (await Page(null, int.MaxValue)).Length);
    }

    [StoreFact]
    public async Task A_run_starts_progresses_and_finishes_once()
    {
        var id = await Store.AddAsync(Runs.Queued());
        var started = Runs.T0.AddSeconds(1);

        await Store.ProgressAsync(id, 0.1);
        Assert.True(await Store.StartAsync(id, started));
        Assert.False(await Store.StartAsync(id, started.AddSeconds(1)));
        await Store.ProgressAsync(id, 0.5);
        var running = await Store.GetAsync(id);
        Assert.Equal(RunStatus.Running, running!.Status);
        Assert.Equal(started, running.StartedAt);
        Assert.Equal(0.5, running.Progress);
        Assert.Null(running.FinishedAt);

        await Store.ProgressAsync(id, 7);
        Assert.Equal(1.0, (await Store.GetAsync(id))!.Progress);
        await Store.ProgressAsync(id, -1);
        Assert.Equal(0.0, (await Store.GetAsync(id))!.Progress);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ProgressAsync(id, double.NaN));

        var summary = new RunSummary { CostPerClipUsd = 0.5, P90LatencyS = 30, AboveWall = false };
        var finished = started.AddMinutes(2);
        Assert.True(await Store.FinishAsync(id, new RunFinish { Status = RunStatus.Succeeded, ResultJson = "{\"ok\":true}", Summary = summary, FinishedAt = finished }));

        // A final run never changes.
        Assert.False(await Store.FinishAsync(id, new RunFinish { Status = RunStatus.Failed, ProblemsJson = "[1]", FinishedAt = finished.AddHours(1) }));
        Assert.False(await Store.StartAsync(id, finished));
        await Store.ProgressAsync(id, 0.25);
        Assert.Equal(0, await Store.InterruptUnfinishedAsync(finished.AddHours(2)));

        var done = await Store.GetAsync(id);
        Assert.Equal(RunStatus.Succeeded, done!.Status);
        Assert.Equal(finished, done.FinishedAt);
        Assert.Equal(started, done.StartedAt);
        Assert.Equal("{\"ok\":true}", done.ResultJson);
        Assert.Null(done.ProblemsJson);
        Assert.Equal(1.0, done.Progress);
        Assert.Equal(summary, done.Summary);
        Assert.Equal(summary, (await Store.ListAsync(new RunQuery())).Single().Summary);
    }

    [StoreFact]
    public async Task A_failed_or_cancelled_run_keeps_its_progress_and_problems()
    {
        var failed = await Store.AddAsync(Runs.Queued());
        Assert.True(await Store.StartAsync(failed, Runs.T0));
        await Store.ProgressAsync(failed, 0.3);
        Assert.True(await Store.FinishAsync(failed, new RunFinish { Status = RunStatus.Failed, ProblemsJson = "[{\"kind\":\"infeasible\"}]", FinishedAt = Runs.T0 }));
        var cancelled = await Store.AddAsync(Runs.Queued());
        Assert.True(await Store.FinishAsync(cancelled, new RunFinish { Status = RunStatus.Cancelled, FinishedAt = Runs.T0 }));

        var f = await Store.GetAsync(failed);
        Assert.Equal(RunStatus.Failed, f!.Status);
        Assert.Equal(0.3, f.Progress);
        Assert.Equal("[{\"kind\":\"infeasible\"}]", f.ProblemsJson);
        Assert.Null(f.ResultJson);
        var c = await Store.GetAsync(cancelled);
        Assert.Equal(RunStatus.Cancelled, c!.Status);
        Assert.Null(c.StartedAt);
    }

    [StoreFact]
    public async Task Finishing_with_a_status_that_is_not_final_is_refused()
    {
        var id = await Store.AddAsync(Runs.Queued());
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Store.FinishAsync(id, new RunFinish { Status = RunStatus.Running, FinishedAt = Runs.T0 }));
        Assert.Contains("running", e.Message);
        Assert.Equal(RunStatus.Queued, (await Store.GetAsync(id))!.Status);
    }

    [StoreFact]
    public async Task Unfinished_runs_are_marked_interrupted()
    {
        var queued = await Store.AddAsync(Runs.Queued());
        var running = await Store.AddAsync(Runs.Queued());
        Assert.True(await Store.StartAsync(running, Runs.T0));
        var succeeded = await Store.AddAsync(Runs.Queued() with { Status = RunStatus.Succeeded, ResultJson = "{}", FinishedAt = Runs.T0 });
        var at = Runs.T0.AddHours(1);

        Assert.Equal(2, await Store.InterruptUnfinishedAsync(at));
        Assert.Equal(0, await Store.InterruptUnfinishedAsync(at.AddHours(1)));

        foreach (var id in new[] { queued, running })
        {
            var run = await Store.GetAsync(id);
            Assert.Equal(RunStatus.Interrupted, run!.Status);
            Assert.Equal(at, run.FinishedAt);
            Assert.False(await Store.FinishAsync(id, new RunFinish { Status = RunStatus.Succeeded, FinishedAt = at }));
        }

        var kept = await Store.GetAsync(succeeded);
        Assert.Equal(RunStatus.Succeeded, kept!.Status);
        Assert.Equal(Runs.T0, kept.FinishedAt);
        Assert.Equal([queued, running], (await Store.ListAsync(new RunQuery { Status = RunStatus.Interrupted })).Select(i => i.Id).Order());
    }

    [StoreFact]
    public async Task A_deleted_run_is_gone_and_the_others_stay()
    {
        var a = await Store.AddAsync(Runs.Queued());
        var b = await Store.AddAsync(Runs.Queued());

        Assert.True(await Store.DeleteAsync(a));
        Assert.False(await Store.DeleteAsync(a));
        Assert.Null(await Store.GetAsync(a));
        Assert.NotNull(await Store.GetAsync(b));
        Assert.Equal([b], (await Store.ListAsync(new RunQuery())).Select(i => i.Id));

        // Ids are never reused, even for the newest run deleted.
        Assert.True(await Store.DeleteAsync(b));
        Assert.True(await Store.AddAsync(Runs.Queued()) > b);
    }

    [StoreFact]
    public async Task A_label_is_set_and_cleared()
    {
        var id = await Store.AddAsync(Runs.Queued(0, "first"));

        Assert.True(await Store.SetLabelAsync(id, "renamed ✎"));
        Assert.Equal("renamed ✎", (await Store.GetAsync(id))!.Label);
        Assert.Equal("renamed ✎", (await Store.ListAsync(new RunQuery { Text = "RENAMED" })).Single().Label);
        Assert.True(await Store.SetLabelAsync(id, null));
        Assert.Null((await Store.GetAsync(id))!.Label);

        // A final run's label still changes (it is not part of what the run computed).
        Assert.True(await Store.FinishAsync(id, new RunFinish { Status = RunStatus.Succeeded, FinishedAt = Runs.T0 }));
        Assert.True(await Store.SetLabelAsync(id, "kept"));
        Assert.Equal("kept", (await Store.GetAsync(id))!.Label);
    }

    [StoreFact]
    public async Task A_catalog_snapshot_is_stored_once_for_the_runs_that_share_it()
    {
        var a = await Store.AddAsync(Runs.Queued());
        var b = await Store.AddAsync(Runs.Queued());
        Assert.Equal(1, await CountAsync("catalogs"));
        Assert.Equal(1, await CountAsync("calibrations"));

        var c = await Store.AddAsync(Runs.WithOtherCatalog("older"));
        Assert.Equal(2, await CountAsync("catalogs"));
        Assert.Equal(2, await CountAsync("calibrations"));
        Assert.Equal(3, await CountAsync("runs"));

        // Each run joins back its own frozen prices.
        Assert.Equal(Runs.Provenance, (await Store.GetAsync(a))!.Provenance);
        Assert.Equal(Runs.Provenance, (await Store.GetAsync(b))!.Provenance);
        Assert.Equal(Runs.WithOtherCatalog("older").Provenance, (await Store.GetAsync(c))!.Provenance);
    }

    [StoreFact]
    public async Task Opening_again_applies_no_migration_and_keeps_the_runs()
    {
        var id = await Store.AddAsync(Runs.Queued(0, "kept"));
        var versions = await CountAsync("schema_version");
        Assert.Equal(((SqlRunStore)Store).SchemaVersion, versions);

        for (var i = 0; i < 2; i++)
        {
            await using var again = await RunStores.OpenAsync(Target);
            Assert.Equal("kept", (await again.GetAsync(id))!.Label);
        }

        Assert.Equal(versions, await CountAsync("schema_version"));
        Assert.Equal(1, await CountAsync("runs"));
    }

    [StoreFact]
    public async Task Stores_opened_at_once_on_a_new_database_migrate_it_once()
    {
        await _store!.DisposeAsync();
        _store = null;
        await DropDatabaseAsync();
        Target = await CreateDatabaseAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => RunStores.OpenAsync(Target))));
        try
        {
            var ids = await Task.WhenAll(stores.Select(s => s.AddAsync(Runs.Queued())));
            Assert.Equal(8, ids.Distinct().Count());
            Assert.Equal(Migrations.Newest(ExpectedProvider), await CountAsync("schema_version"));
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }

    [StoreFact]
    public async Task A_database_from_a_newer_build_is_refused_and_not_altered()
    {
        await Store.AddAsync(Runs.Queued(0, "from the future"));
        await _store!.DisposeAsync();
        _store = null;
        await RawAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (999, '0999_future', '2030-01-01T00:00:00.000000Z')");
        var schemaBefore = await RawAsync("SELECT COUNT(*) FROM schema_version");

        var e = await Assert.ThrowsAsync<StoreOpenException>(() => RunStores.OpenAsync(Target));

        var known = Migrations.Newest(ExpectedProvider);
        Assert.Contains($"this database was written by a newer InferenceWall (schema 999; this build knows {known}): upgrade iwall, or give another --db", e.Message);
        Assert.Equal(999, e.FoundSchema);
        Assert.Equal(known, e.KnownSchema);
        Assert.Equal(Convert.ToInt64(schemaBefore), await CountAsync("schema_version"));
        Assert.Equal(999L, Convert.ToInt64(await RawAsync("SELECT MAX(version) FROM schema_version")));
        Assert.Equal(1, await CountAsync("runs"));
        Assert.Equal("from the future", await RawAsync("SELECT label FROM runs"));
    }

    [StoreFact]
    public async Task Sixteen_writers_at_once_get_distinct_ids_and_every_run_reads_back()
    {
        const int Writers = 16, Each = 8;
        var reads = 0;
        var added = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var ids = new List<(long Id, string Label)>();
            for (var i = 0; i < Each; i++)
            {
                var label = $"writer {w} run {i}";
                ids.Add((await Store.AddAsync(Runs.Queued(i, label) with { Seed = (ulong)(w * Each + i) }), label));
                if (i % 3 == 0)
                {
                    await Store.ListAsync(new RunQuery { Limit = 5 });
                    Interlocked.Increment(ref reads);
                }
            }

            return ids;
        })));

        var all = added.SelectMany(x => x).ToList();
        Assert.Equal(Writers * Each, all.Select(x => x.Id).Distinct().Count());
        Assert.True(reads > 0);
        foreach (var (id, label) in all)
        {
            Assert.Equal(label, (await Store.GetAsync(id))!.Label);
        }

        Assert.Equal(Writers * Each, (await Store.ListAsync(new RunQuery { Limit = RunQuery.MaxLimit })).Count);
        Assert.Equal(1, await CountAsync("catalogs"));
    }

    [StoreFact]
    public async Task Two_stores_on_one_database_write_side_by_side()
    {
        await using var second = await RunStores.OpenAsync(Target);
        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => (i % 2 == 0 ? Store : second).AddAsync(Runs.Queued(i, $"side {i}")))));

        Assert.Equal(40, ids.Distinct().Count());
        Assert.Equal(40, (await second.ListAsync(new RunQuery { Limit = RunQuery.MaxLimit })).Count);
        Assert.True(await second.StartAsync(ids[0], Runs.T0));
        Assert.Equal(RunStatus.Running, (await Store.GetAsync(ids[0]))!.Status);
    }

    [StoreFact]
    public async Task A_nul_character_is_refused_with_its_field_and_nothing_is_stored()
    {
        var add = await Assert.ThrowsAsync<ArgumentException>(() => Store.AddAsync(Runs.Queued() with { ScenarioName = "a\0b.yaml" }));
        Assert.Contains("scenario_name", add.Message);
        Assert.Equal(0, await CountAsync("runs"));

        var id = await Store.AddAsync(Runs.Queued(0, "clean"));
        var label = await Assert.ThrowsAsync<ArgumentException>(() => Store.SetLabelAsync(id, "x\0"));
        Assert.Contains("label", label.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.FinishAsync(id, new RunFinish { Status = RunStatus.Succeeded, ResultJson = "{\"a\":\"\0\"}", FinishedAt = Runs.T0 }));
        var kept = await Store.GetAsync(id);
        Assert.Equal("clean", kept!.Label);
        Assert.Equal(RunStatus.Queued, kept.Status);
    }

    [StoreFact]
    public async Task A_disposed_store_refuses_calls()
    {
        await Store.DisposeAsync();
        await Store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.AddAsync(Runs.Queued()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.GetAsync(1));
    }

    [StoreFact]
    public async Task A_cluster_job_resumes_with_its_stored_chunks_and_a_finished_one_keeps_only_its_row()
    {
        var ledger = (IJobLedger)Store;
        var start = new JobStart("k1", "montecarlo", "localhost:11111", 10, 4, 3, Runs.T0);
        Assert.Empty(await ledger.BeginAsync(start));

        await ledger.AddChunkAsync("k1", 0, 4, "{\"a\":0}", "w1");
        await ledger.AddChunkAsync("k1", 8, 2, "{\"a\":8}", "w2");
        // A chunk stored twice (a retry that finished after all) keeps its first copy.
        await ledger.AddChunkAsync("k1", 8, 2, "{\"other\":1}", "w3");
        Assert.False(await ledger.ProgressAsync("k1", new JobProgress(2, 0, 1, 2, Runs.T0.AddSeconds(1))));

        // The coordinator restarts: the same job, its two chunks back.
        var again = await ledger.BeginAsync(start with { At = Runs.T0.AddSeconds(5) });
        Assert.Equal(new Dictionary<int, string> { [0] = "{\"a\":0}", [8] = "{\"a\":8}" }, again);

        Assert.True(await ledger.RequestCancelAsync("k1"));
        Assert.True(await ledger.ProgressAsync("k1", new JobProgress(2, 2, 1, 2, Runs.T0.AddSeconds(6))));
        Assert.False(await ledger.RequestCancelAsync("missing"));

        await ledger.EndAsync("k1", JobStatus.Done, null, new JobProgress(3, 2, 1, 2, Runs.T0.AddSeconds(7)));
        Assert.Equal(0, await CountAsync("cluster_chunks"));
        var job = Assert.Single(await ledger.ListJobsAsync(10));
        Assert.Equal((JobStatus.Done, 3, 2, 1, 2, 3, 10), (job.Status, job.ChunksDone, job.Resumed, job.Retried, job.Workers, job.Chunks, job.Total));
        Assert.Equal(Runs.T0.AddSeconds(7), job.FinishedAt);
        Assert.False(await ledger.RequestCancelAsync("k1"), "a finished job cannot be cancelled");

        // Begun again after it finished: nothing stored, every chunk runs anew, the cancel flag cleared.
        Assert.Empty(await ledger.BeginAsync(start with { At = Runs.T0.AddSeconds(9) }));
        Assert.False((await ledger.ListJobsAsync(10))[0].CancelRequested);
    }

    [StoreFact]
    public async Task Cluster_jobs_list_newest_first_with_a_failure_kept()
    {
        var ledger = (IJobLedger)Store;
        await ledger.BeginAsync(new JobStart("old", "sweep", "localhost:1", 5, 1, 5, Runs.T0));
        await ledger.EndAsync("old", JobStatus.Failed, "a chunk failed 6 times", new JobProgress(1, 0, 5, 1, Runs.T0.AddSeconds(1)));
        await ledger.AddChunkAsync("old", 0, 1, "x", "w");
        await ledger.BeginAsync(new JobStart("new", "optimize", "redis://h:6379", 5, 1, 5, Runs.T0.AddSeconds(2)));

        var jobs = await ledger.ListJobsAsync(10);

        Assert.Equal(["new", "old"], jobs.Select(j => j.Key));
        Assert.Equal((JobStatus.Failed, "a chunk failed 6 times"), (jobs[1].Status, jobs[1].Detail));
        Assert.Equal(1, await CountAsync("cluster_chunks"));
        await Assert.ThrowsAsync<ArgumentException>(() => ledger.AddChunkAsync("new", 0, 1, "a\0b", "w"));
    }

    /// <summary>A name no other test uses.</summary>
    protected static string Unique(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N");
}
