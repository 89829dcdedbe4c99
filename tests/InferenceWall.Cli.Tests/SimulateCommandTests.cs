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
        Assert.Contains("--load must be in (0, 1)", error, StringComparison.Ordinal);
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
        Assert.Contains(root.GetProperty("classes").EnumerateArray(), c => c.GetProperty("capacity").GetString() == "Spot" && c.GetProperty("cost_usd").GetDouble() > 0);
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
}
