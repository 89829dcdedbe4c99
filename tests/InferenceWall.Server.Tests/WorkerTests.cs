using System.Diagnostics;
using System.Net.Http.Json;

namespace InferenceWall.Server.Tests;

/// <summary>
/// Issue 12: worker processes on loopback (localhost clustering, and Redis clustering against a redis-server) run an
/// analysis's chunks; the output equals the single process's byte for byte, with a worker killed mid-job too; a worker
/// with another catalog refuses, and so does one with a token the client lacks.
/// </summary>
public sealed class WorkerTests
{
    private static readonly string Startup = RepoPaths.Of("scenarios", "startup-720p-h100.yaml");

    private static string[] MonteCarlo(int samples) =>
        ["montecarlo", Startup, "--vary", "efficiency=lognormal(1,0.2)", "--vary", "capacity.usd_per_gpu_hour.on_demand=normal(3,1)", "--samples", samples.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--simulate", "--seed", "4", "--format", "json"];

    [Fact]
    public async Task ThreeWorkers_Localhost_OneKilledMidJob_OutputIsTheSerialRunsByteForByte() =>
        await ThreeWorkersOneKilled($"localhost:{FreePortPair()}", kill: 1, environment: null);

    [RedisFact]
    public async Task ThreeWorkers_Redis_FirstKilledMidJob_OutputIsTheSerialRunsByteForByte_AndTheTokenIsRequired()
    {
        using var redis = await TestRedis.StartAsync();
        var token = new Dictionary<string, string> { ["IWALL_CLUSTER_TOKEN"] = "a-test-token" };

        // With Redis clustering no worker is special: the first-started one is killed.
        await ThreeWorkersOneKilled(redis.Address, kill: 0, token);
    }

    /// <summary>
    /// Three workers at <paramref name="cluster"/>; a 240-day simulated Monte Carlo on them equals the serial run byte
    /// for byte, also with worker <paramref name="kill"/> SIGKILLed 2 s into the job. With a token, a client without it is refused.
    /// </summary>
    private static async Task ThreeWorkersOneKilled(string cluster, int kill, Dictionary<string, string>? environment)
    {
        var workers = new List<WorkerProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                workers.Add(await WorkerProcess.StartAsync(cluster, environment));
            }

            var serial = await CliProcess.RunAsync(MonteCarlo(240));
            Assert.Equal(0, serial.Code);

            var whole = await CliProcess.RunAsync([.. MonteCarlo(240), "--cluster", cluster], environment);
            Assert.True(whole.Code == 0, whole.Error);
            Assert.Equal(serial.Output, whole.Output);

            var killed = CliProcess.RunAsync([.. MonteCarlo(240), "--cluster", cluster], environment);
            await Task.Delay(TimeSpan.FromSeconds(2));
            workers[kill].Kill();
            var afterKill = await killed;
            Assert.True(afterKill.Code == 0, afterKill.Error);
            Assert.Equal(serial.Output, afterKill.Output);

            await CoordinatorKilledAndRestarted(MonteCarlo(240), cluster, environment, serial.Output);

            if (environment is not null)
            {
                var noToken = await CliProcess.RunAsync([.. MonteCarlo(8), "--cluster", cluster]);
                Assert.Equal(2, noToken.Code);
                Assert.Contains("cluster token is missing", noToken.Error, StringComparison.Ordinal);
                Assert.DoesNotContain(environment["IWALL_CLUSTER_TOKEN"], noToken.Error, StringComparison.Ordinal);
            }
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    /// <summary>
    /// The coordinator (the CLI) is SIGKILLed once some chunks of <paramref name="args"/> are stored in its run store;
    /// run again, it says it resumes, runs only the rest, and prints <paramref name="serial"/> byte for byte.
    /// </summary>
    private static async Task CoordinatorKilledAndRestarted(string[] args, string cluster, IReadOnlyDictionary<string, string>? environment, string serial)
    {
        var folder = Directory.CreateTempSubdirectory("iwall-coordinator-");
        try
        {
            var db = Path.Combine(folder.FullName, "runs.db");
            string[] run = [.. args, "--cluster", cluster, "--db", db];
            var coordinator = CliProcess.Start(run, environment);
            var stored = 0L;
            var watch = Stopwatch.StartNew();
            while (stored < 3 && !coordinator.HasExited && watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(50);
                stored = await StoredChunks(db);
            }

            coordinator.Kill(entireProcessTree: true);
            await coordinator.WaitForExitAsync();
            stored = await StoredChunks(db);
            var total = await Scalar(db, "SELECT chunks FROM cluster_jobs");
            Assert.True(stored >= 3 && stored < total, $"the coordinator was not killed mid-job: {stored} of {total} chunks stored");

            var resumed = await CliProcess.RunAsync(run, environment);

            Assert.True(resumed.Code == 0, resumed.Error);
            Assert.Contains($"resuming cluster job", resumed.Error, StringComparison.Ordinal);
            Assert.Equal(serial, resumed.Output);
            Assert.Equal(stored, await Scalar(db, "SELECT resumed FROM cluster_jobs"));
            Assert.Equal(0, await StoredChunks(db));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<long> StoredChunks(string db) => File.Exists(db) ? await Scalar(db, "SELECT COUNT(*) FROM cluster_chunks") : 0;

    private static async Task<long> Scalar(string db, string sql)
    {
        try
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // Not migrated yet (no table), or busy: none stored as far as this look can tell.
            return 0;
        }
    }

    [Fact]
    public async Task SweepOptimizeAndCapacity_OnThreeWorkers_OneKilledMidJob_AreTheSerialOutputByteForByte()
    {
        var cluster = $"localhost:{FreePortPair()}";
        var workers = new List<WorkerProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                workers.Add(await WorkerProcess.StartAsync(cluster));
            }

            string[] sweep = ["sweep", Startup, "--set", "users[1].users=10000:200000:10000", "--set", "product.gpu=H100-SXM,B200", "--format", "json"];
            string[] simulatedSweep = [.. sweep, "--simulate", "--seed", "2"];
            // Every feasible option at a 600 s SLO (933 of them) simulated for a day: seconds of work, in chunks of 4.
            string[] optimize = ["optimize", Startup, "--slo-s", "600", "--simulate", "--simulate-top", "1000", "--seed", "3", "--format", "json"];
            // 128 fleets (1 to 128 replicas), each fleet's search a chunk: seconds of work.
            string[] capacity = ["optimize", Startup, "--slo-s", "900", "--capacity-search", "--replicas", string.Join(',', Enumerable.Range(1, 128)), "--format", "json"];
            foreach (var (args, kill) in new[] { (sweep, false), (simulatedSweep, true), (optimize, true), (capacity, true) })
            {
                var serial = await CliProcess.RunAsync(args);
                Assert.True(serial.Code == 0, serial.Error);

                var distributed = await CliProcess.RunAsync([.. args, "--cluster", cluster]);
                Assert.True(distributed.Code == 0, distributed.Error);
                Assert.Equal(serial.Output, distributed.Output);

                if (kill)
                {
                    // The second worker (not the first: with localhost clustering it holds the membership table) is
                    // killed 2 s in; a fresh worker takes its place for the next job.
                    var running = CliProcess.RunAsync([.. args, "--cluster", cluster]);
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    workers[1].Dispose();
                    var afterKill = await running;
                    Assert.True(afterKill.Code == 0, afterKill.Error);
                    Assert.Equal(serial.Output, afterKill.Output);
                    workers[1] = await WorkerProcess.StartAsync(cluster);
                }
            }
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task Serve_WithACluster_RunsAMonteCarloOnTheWorkers_AndListsTheJob()
    {
        var cluster = $"localhost:{FreePortPair()}";
        using var first = await WorkerProcess.StartAsync(cluster);
        using var second = await WorkerProcess.StartAsync(cluster);
        var folder = Directory.CreateTempSubdirectory("iwall-serve-cluster-");
        try
        {
            using var server = await ServerProcess.StartAsync(Path.Combine(folder.FullName, "runs.db"), "--cluster", cluster);
            using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(3) };
            var submitted = await http.PostAsJsonAsync("/api/runs?wait=true", new System.Text.Json.Nodes.JsonObject
            {
                ["kind"] = "montecarlo",
                ["scenario_yaml"] = File.ReadAllText(Startup),
                ["scenario_name"] = "startup-720p-h100.yaml",
                ["options"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["inputs"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                    {
                        ["field"] = "efficiency",
                        ["distribution"] = "lognormal",
                        ["parameters"] = new System.Text.Json.Nodes.JsonArray(1, 0.2),
                    }),
                    ["samples"] = 60,
                    ["seed"] = 4,
                    ["simulate"] = true,
                },
            });
            var text = await submitted.Content.ReadAsStringAsync();
            Assert.True(submitted.StatusCode == System.Net.HttpStatusCode.Created, text);
            var run = System.Text.Json.Nodes.JsonNode.Parse(text)!;
            Assert.Equal("succeeded", (string?)run["status"]);

            var serial = await CliProcess.RunAsync(["montecarlo", Startup, "--vary", "efficiency=lognormal(1,0.2)", "--samples", "60", "--simulate", "--seed", "4", "--format", "json"]);
            Assert.Equal(0, serial.Code);
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(serial.Output), run["result"]), "the server's cluster run differs from the CLI's serial one");

            var jobs = (await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/jobs"))!["jobs"]!.AsArray();
            var job = Assert.Single(jobs)!;
            Assert.Equal(("montecarlo", "done", cluster), ((string?)job["kind"], (string?)job["status"], (string?)job["cluster"]));
            Assert.Equal((int)job["chunks"]!, (int)job["chunks_done"]!);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CancelAskedInTheStore_StopsTheJobWithinSeconds_AndTheSameCommandResumesIt()
    {
        var cluster = $"localhost:{FreePortPair()}";
        using var first = await WorkerProcess.StartAsync(cluster);
        var folder = Directory.CreateTempSubdirectory("iwall-cancel-");
        try
        {
            var db = Path.Combine(folder.FullName, "runs.db");
            string[] run = [.. MonteCarlo(240), "--cluster", cluster, "--db", db];
            var coordinator = CliProcess.RunAsync(run);
            var watch = Stopwatch.StartNew();
            while (await StoredChunks(db) < 2 && !coordinator.IsCompleted && watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(50);
            }

            // What the Jobs page's Cancel button does (POST /api/jobs/{key}/cancel): the flag on the job's row.
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "UPDATE cluster_jobs SET cancel_requested = 1 WHERE status = 'running'";
                Assert.Equal(1, await command.ExecuteNonQueryAsync());
            }

            var asked = watch.Elapsed;
            var cancelled = await coordinator;
            var stopped = watch.Elapsed - asked;

            Assert.Equal(3, cancelled.Code);
            Assert.Contains("was cancelled", cancelled.Error, StringComparison.Ordinal);
            Assert.Contains("run the same command again to resume it", cancelled.Error, StringComparison.Ordinal);
            Assert.True(stopped < TimeSpan.FromSeconds(10), $"the job took {stopped} to stop");
            var stored = await StoredChunks(db);
            var total = await Scalar(db, "SELECT chunks FROM cluster_jobs");
            Assert.True(stored < total, $"the job was not stopped: {stored} of {total} chunks stored");

            var resumed = await CliProcess.RunAsync(run);
            Assert.True(resumed.Code == 0, resumed.Error);
            Assert.Contains("resuming cluster job", resumed.Error, StringComparison.Ordinal);
            var serial = await CliProcess.RunAsync(MonteCarlo(240));
            Assert.Equal(serial.Output, resumed.Output);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WorkerWithAnotherCatalog_RefusesWithTheReason()
    {
        var dir = Directory.CreateTempSubdirectory("iwall-worker-catalog-");
        try
        {
            // One more stack: a catalog that differs from the client's.
            File.WriteAllText(Path.Combine(dir.FullName, "stacks.csv"), File.ReadAllText(RepoPaths.Of("data", "stacks.csv")).TrimEnd() + "\nmine,,My stack,false,false,fa2,,my lab,2026-12-01,\n");
            var cluster = $"localhost:{FreePortPair()}";
            using var other = await WorkerProcess.StartAsync(cluster, null, "--catalog", dir.FullName);

            var run = await CliProcess.RunAsync([.. MonteCarlo(8), "--cluster", cluster]);

            Assert.Equal(2, run.Code);
            Assert.Contains("refused the job", run.Error, StringComparison.Ordinal);
            Assert.Contains("--catalog", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task NoWorker_RefusedWithHowToStartOne()
    {
        var run = await CliProcess.RunAsync([.. MonteCarlo(8), "--cluster", $"localhost:{FreePortPair()}"]);

        Assert.NotEqual(0, run.Code);
        Assert.Contains("iwall worker --cluster", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoRedis_RefusedWithTheAddressInTime()
    {
        var watch = Stopwatch.StartNew();
        var run = await CliProcess.RunAsync([.. MonteCarlo(8), "--cluster", $"redis://127.0.0.1:{FreePortPair()}"]);

        Assert.NotEqual(0, run.Code);
        Assert.Contains("iwall worker --cluster redis://127.0.0.1:", run.Error, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
    }

    /// <summary>A port whose next one is free too (the first worker takes PORT and PORT + 1).</summary>
    private static int FreePortPair() => InferenceWall.Worker.WorkerHost.FreePortPair();
}

/// <summary>The built <c>iwall</c> run once to completion.</summary>
internal static class CliProcess
{
    private static ProcessStartInfo Info(string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ServerProcess.CliDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>Starts the CLI without waiting (its output discarded), for a test that kills it.</summary>
    public static Process Start(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = Process.Start(Info(args, environment))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task<(int Code, string Output, string Error)> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(Info(args, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>A built <c>iwall worker</c> as a child process, ready once it prints <c>worker ready</c>.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public static async Task<WorkerProcess> StartAsync(string cluster, IReadOnlyDictionary<string, string>? environment = null, params string[] extra)
    {
        var (process, _, _) = await ServerProcess.StartCliAsync([ServerProcess.CliDll, "worker", "--cluster", cluster, .. extra],
            l => l.StartsWith("worker ready", StringComparison.Ordinal), "worker ready", environment);
        return new WorkerProcess(process);
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
