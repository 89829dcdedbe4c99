using System.Text.Json;

namespace InferenceWall.Cli.Tests;

public class SimulateCommandTests
{
    [Fact]
    public void Mmc_Json_HasTheContractFields()
    {
        var (code, output, error) = CliRunner.Run("simulate", "--mmc", "--servers", "16", "--load", "0.8", "--requests", "200000", "--seed", "3", "--format", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        var simulated = root.GetProperty("mean_wait_s").GetDouble();
        var exact = root.GetProperty("erlang_c_mean_wait_s").GetDouble();
        Assert.Equal(exact, simulated, exact * 0.25);
        Assert.True(root.GetProperty("requests_per_second").GetDouble() > 0);
        Assert.Equal(400_000, root.GetProperty("events").GetInt64());
    }

    [Fact]
    public void Mmc_SameSeed_SameWait()
    {
        string Wait() => JsonDocument.Parse(CliRunner.Run("simulate", "--mmc", "--servers", "8", "--requests", "50000", "--seed", "9", "--format", "json").Out)
            .RootElement.GetProperty("mean_wait_s").GetRawText();
        Assert.Equal(Wait(), Wait());
    }

    [Fact]
    public void Mmc_LoadAtOrAboveOne_Exit2()
    {
        var (code, _, error) = CliRunner.Run("simulate", "--mmc", "--load", "1.2");
        Assert.Equal(2, code);
        Assert.Contains("--load: 1.2: must be in (0, 1)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_Json_ReportsLatencySloUtilizationAndCost()
    {
        var (code, output, error) = CliRunner.Run("simulate", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--format", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("completed").GetInt64() > 10_000);
        Assert.True(root.GetProperty("latency_s").GetProperty("p99").GetDouble() >= root.GetProperty("latency_s").GetProperty("p50").GetDouble());
        Assert.InRange(root.GetProperty("utilization").GetDouble(), 0.05, 1.0);
        Assert.True(root.GetProperty("realized_cost_per_clip_usd").GetDouble() > 0);
        Assert.Contains(root.GetProperty("classes").EnumerateArray(), c => c.GetProperty("capacity").GetString() == "spot" && c.GetProperty("cost_usd").GetDouble() > 0);
    }

    [Fact]
    public void Scenario_Trace_ReplaysAndBadTraceNamesLineAndColumn()
    {
        var dir = Directory.CreateTempSubdirectory("iwall-trace-").FullName;
        try
        {
            var good = Path.Combine(dir, "good.csv");
            File.WriteAllText(good, "timestamp_s,clip,tier\n0,0,developers\n10,0,developers\n20.5,0,developers\n");
            var (code, output, error) = CliRunner.Run("simulate", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--trace", good, "--format", "json");
            Assert.True(code == 0, error);
            Assert.Equal(3, JsonDocument.Parse(output).RootElement.GetProperty("arrivals").GetInt64());

            var bad = Path.Combine(dir, "bad.csv");
            File.WriteAllText(bad, "timestamp_s,clip,tier\n5,0,developers\n1,3,devs\n");
            (code, _, error) = CliRunner.Run("simulate", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--trace", bad);
            Assert.Equal(2, code);
            Assert.Contains("bad.csv:3: clip: 3 is not a clip_mix index", error, StringComparison.Ordinal);
            Assert.Contains("bad.csv:3: tier: 'devs' is not a user tier", error, StringComparison.Ordinal);
            Assert.Contains("bad.csv:3: timestamp_s", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Scenario_Chart_IsWritten()
    {
        var path = Path.Combine(Path.GetTempPath(), $"iwall-fleet-{Guid.NewGuid():N}.png");
        try
        {
            var (code, _, error) = CliRunner.Run("simulate", RepoPaths.Of("scenarios", "startup-720p-h100.yaml"), "--chart", path, "--format", "json");
            Assert.True(code == 0, error);
            Assert.True(new FileInfo(path).Length > 1000);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Economics_Simulate_TakesComputeFromTheSimulatedDay()
    {
        var path = RepoPaths.Of("scenarios", "startup-720p-h100.yaml");
        var plain = JsonDocument.Parse(CliRunner.Run("economics", path, "--format", "json").Out).RootElement;
        var simulated = JsonDocument.Parse(CliRunner.Run("economics", path, "--simulate", "--format", "json").Out).RootElement;
        Assert.NotEqual(plain.GetProperty("figures").GetProperty("compute_cost_per_clip_usd").GetDouble(),
            simulated.GetProperty("figures").GetProperty("compute_cost_per_clip_usd").GetDouble());
        Assert.Contains(simulated.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("compute cost from the simulated day", StringComparison.Ordinal));
    }

    [Fact]
    public void Scenario_MmcOptionGiven_Exit2NotIgnored()
    {
        var (code, output, error) = CliRunner.Run("simulate", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--servers", "3");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("error: --servers: applies only to the M/M/c queue", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Mmc_HundredMillionServers_Exit2StatingTheLimit()
    {
        var (code, _, error) = CliRunner.Run("simulate", "--mmc", "--servers", "100000000");
        Assert.Equal(2, code);
        Assert.Contains("--servers: 100,000,000 servers; the simulator runs at most 100,000", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Mmc_ChartOrCatalog_Exit2()
    {
        var (code, _, error) = CliRunner.Run("simulate", "--mmc", "--chart", "x.png", "--catalog", ".");
        Assert.Equal(2, code);
        Assert.Contains("error: --chart:", error, StringComparison.Ordinal);
        Assert.Contains("error: --catalog:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_TierWithNoClip_JsonHasNullAndReasonNoNaN()
    {
        var path = Path.Combine(Path.GetTempPath(), $"iwall-noclip-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml")).Replace("    users: 10\n", "    users: 0.0001\n", StringComparison.Ordinal));
            var (code, output, error) = CliRunner.Run("simulate", path, "--format", "json");
            Assert.True(code == 0, error);
            Assert.Empty(error);
            var api = JsonDocument.Parse(output).RootElement.GetProperty("tiers").EnumerateArray().Single(t => t.GetProperty("tier").GetString() == "api");
            Assert.Equal(JsonValueKind.Null, api.GetProperty("latency_p50_s").ValueKind);
            Assert.Equal("no clip of the tier completed", api.GetProperty("latency_reason").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Scenario_DuplicateTier_Exit2WithFileAndPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"iwall-duptier-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml")).Replace("    - tier: free\n      priority: 2", "    - tier: paid\n      priority: 2", StringComparison.Ordinal));
            var (code, _, error) = CliRunner.Run("simulate", path);
            Assert.Equal(2, code);
            // The scenario rules refuse it while reading the file, with its line and column.
            Assert.Matches($@"error: {System.Text.RegularExpressions.Regex.Escape(path)}:\d+:\d+: simulation\.tiers\[2\]\.tier: 'paid' is listed twice", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Scenario_Table_NoProgressOutputWhenNotATerminal()
    {
        var (code, output, error) = CliRunner.Run("simulate", RepoPaths.Of("scenarios", "api-reseller.yaml"));
        Assert.True(code == 0, error);
        Assert.Empty(error);
        Assert.Contains("reserved: GPU-hours busy / idle", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CapacitySearch_NoLoadMeetsTheSlo_Exit3()
    {
        var (code, output, error) = CliRunner.Run("optimize", RepoPaths.Of("scenarios", "startup-720p-h100.yaml"), "--slo-s", "10", "--capacity-search", "--replicas", "20", "--format", "json");
        Assert.Equal(3, code);
        Assert.Empty(output);
        Assert.StartsWith("infeasible: --slo-s: no load meets the SLO", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CapacitySearch_MaxIntReplicas_Exit2()
    {
        var (code, _, error) = CliRunner.Run("optimize", RepoPaths.Of("scenarios", "startup-720p-h100.yaml"), "--slo-s", "900", "--capacity-search", "--replicas", "2147483647");
        Assert.Equal(2, code);
        Assert.Contains("error: --replicas: 2,147,483,647 replicas; the simulator runs at most 100,000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CapacitySearch_Json_BelowTheFleetsCapacity()
    {
        var (code, output, error) = CliRunner.Run("optimize", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--slo-s", "300", "--capacity-search", "--replicas", "10", "--format", "json");
        Assert.True(code == 0, error);
        var fleet = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("fleets").EnumerateArray());
        Assert.Equal(10, fleet.GetProperty("replicas").GetInt32());
        Assert.True(fleet.GetProperty("max_clips_per_hour").GetDouble() < fleet.GetProperty("fleet_capacity_clips_per_hour").GetDouble());
        Assert.Equal(15, fleet.GetProperty("tries").GetArrayLength());
    }
}
