using System.Text.Json;

namespace InferenceWall.Cli.Tests;

public class AnalysisCommandTests
{
    private static string Startup => RepoPaths.Of("scenarios", "startup-720p-h100.yaml");

    private static string Temp(string ext) => Path.Combine(Path.GetTempPath(), $"iwall-{Guid.NewGuid():N}{ext}");

    [Fact]
    public void Sweep_Grid_CsvHasAllPointsAndChart()
    {
        var chart = Temp(".png");
        try
        {
            var (code, output, error) = CliRunner.Run("sweep", Startup, "--set", "product.clip_mix[0].steps=20:50:10", "--set", "product.gpu=H100-SXM,A100-SXM-80GB", "--format", "csv", "--chart", chart);
            Assert.True(code == 0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(1 + 8, lines.Length);
            Assert.StartsWith("product.clip_mix[0].steps,product.gpu,cost_per_clip_usd", lines[0], StringComparison.Ordinal);
            Assert.True(new FileInfo(chart).Length > 1000);
        }
        finally
        {
            File.Delete(chart);
        }
    }

    [Fact]
    public void Sweep_BadField_SuggestsAndExit2()
    {
        var (code, _, error) = CliRunner.Run("sweep", Startup, "--set", "product.utilisation=0.5,0.7");
        Assert.Equal(2, code);
        Assert.Contains("did you mean 'product.utilization'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensitivity_Json_BarsWithTornadoChart()
    {
        var chart = Temp(".svg");
        try
        {
            var (code, output, error) = CliRunner.Run("sensitivity", Startup, "--format", "json", "--chart", chart);
            Assert.True(code == 0, error);
            using var doc = JsonDocument.Parse(output);
            Assert.Contains(doc.RootElement.GetProperty("bars").EnumerateArray(), b => b.GetProperty("field").GetString() == "efficiency");
            Assert.Contains("<svg", File.ReadAllText(chart), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(chart);
        }
    }

    [Fact]
    public void MonteCarlo_SerialAndParallel_GiveIdenticalOutput()
    {
        string[] args = ["montecarlo", Startup, "--vary", "efficiency=lognormal(1,0.2)", "--vary", "users[1].users=normal(2500,400)", "--samples", "3000", "--seed", "5", "--format", "json"];
        var one = CliRunner.Run([.. args, "--threads", "1"]);
        var two = CliRunner.Run([.. args, "--threads", "2"]);
        Assert.Equal(0, one.Code);
        Assert.Equal(one.Out, two.Out);
        using var doc = JsonDocument.Parse(one.Out);
        var cost = doc.RootElement.GetProperty("cost_per_clip_usd");
        Assert.True(cost.GetProperty("p10").GetDouble() < cost.GetProperty("p90").GetDouble());
    }

    [Fact]
    public void MonteCarlo_Simulate_EachSampleASimulatedDayOnAnyThreads()
    {
        string[] args = ["montecarlo", Startup, "--vary", "efficiency=lognormal(1,0.2)", "--samples", "30", "--simulate", "--format", "json"];
        var one = CliRunner.Run([.. args, "--threads", "1"]);
        var two = CliRunner.Run([.. args, "--threads", "2"]);

        Assert.Equal(0, one.Code);
        Assert.Equal(one.Out, two.Out);
        using var doc = JsonDocument.Parse(one.Out);
        Assert.True(doc.RootElement.GetProperty("simulated").GetBoolean());
        Assert.Contains("simulated day", doc.RootElement.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MonteCarlo_SimulateTooManySamples_RefusedWithTheLimit()
    {
        var (code, _, error) = CliRunner.Run("montecarlo", Startup, "--vary", "efficiency=lognormal(1,0.2)", "--samples", "100001", "--simulate");

        Assert.Equal(2, code);
        Assert.Contains("100,000", error, StringComparison.Ordinal);
        Assert.Contains("--samples", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_Simulate_EveryPointASimulatedDayBelowTheFormulaHere()
    {
        string[] args = ["sweep", Startup, "--set", "users[1].users=1000,5000", "--format", "json"];
        var analytic = CliRunner.Run(args);
        var simulated = CliRunner.Run([.. args, "--simulate", "--seed", "3"]);

        Assert.Equal(0, simulated.Code);
        using var a = JsonDocument.Parse(analytic.Out);
        using var s = JsonDocument.Parse(simulated.Out);
        Assert.False(a.RootElement.GetProperty("simulated").GetBoolean());
        Assert.True(s.RootElement.GetProperty("simulated").GetBoolean());
        Assert.Equal(3UL, s.RootElement.GetProperty("day_seed").GetUInt64());
        for (var i = 0; i < 2; i++)
        {
            // The startup scenario assumes 60% utilization; its simulated fleet keeps busier.
            Assert.True(s.RootElement.GetProperty("points")[i].GetProperty("cost_per_clip_usd").GetDouble()
                < a.RootElement.GetProperty("points")[i].GetProperty("cost_per_clip_usd").GetDouble());
        }
    }

    [Fact]
    public void Sweep_SimulateTooManyPoints_RefusedWithTheLimit()
    {
        var (code, _, error) = CliRunner.Run("sweep", Startup, "--set", "users[1].users=1:20000:1", "--simulate", "--format", "json");

        Assert.Equal(2, code);
        Assert.Contains("10,000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimize_Simulate_ReRanksTheCheapestByTheirDaysOnAnyThreads()
    {
        string[] args = ["optimize", Startup, "--slo-s", "600", "--gpu-counts", "1,4", "--steps", "20", "--simulate", "--simulate-top", "6", "--format", "json"];
        var one = CliRunner.Run([.. args, "--threads", "1"]);
        var two = CliRunner.Run([.. args, "--threads", "2"]);

        Assert.Equal(0, one.Code);
        Assert.Equal(one.Out, two.Out);
        using var doc = JsonDocument.Parse(one.Out);
        var sim = doc.RootElement.GetProperty("simulated");
        var candidates = sim.GetProperty("candidates");
        Assert.Equal(6, candidates.GetArrayLength());
        // The candidates are the analytic ranking's six cheapest, each once.
        Assert.Equal([1, 2, 3, 4, 5, 6], candidates.EnumerateArray().Select(c => c.GetProperty("analytic_rank").GetInt32()).Order());
        var best = sim.GetProperty("best");
        Assert.True(best.GetProperty("meets_slo").GetBoolean());
        Assert.True(best.GetProperty("slo_attainment").GetDouble() >= 0.99);
        Assert.True(candidates.EnumerateArray().Where(c => c.GetProperty("meets_slo").GetBoolean())
            .All(c => c.GetProperty("realized_cost_per_clip_usd").GetDouble() >= best.GetProperty("realized_cost_per_clip_usd").GetDouble()));
        Assert.Contains("pruned", sim.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--attainment", "1.5", "(0, 1]")]
    [InlineData("--simulate-top", "0", "1 to 1,000")]
    public void Optimize_SimulateBadSettings_NamedWithTheFix(string option, string value, string words)
    {
        var (code, _, error) = CliRunner.Run("optimize", Startup, "--slo-s", "600", "--simulate", option, value);

        Assert.Equal(2, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Contains(words, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("montecarlo", "nowhere", "localhost:PORT")]
    [InlineData("montecarlo", "localhost:80", "localhost:PORT")]
    [InlineData("montecarlo", "localhost:NaN", "localhost:PORT")]
    [InlineData("sweep", "", "localhost:PORT")]
    [InlineData("sweep", "redis://127.0.0.1:6379/16", "database number (0 to 15)")]
    [InlineData("montecarlo", "redis://", "redis://HOST:PORT")]
    [InlineData("worker", "redis://127.0.0.1:6379?ssl=true", "redis://HOST:PORT")]
    [InlineData("worker", "localhost:999999", "localhost:PORT")]
    [InlineData("serve", "nowhere", "localhost:PORT")]
    public void Cluster_BadAddress_RefusedAtTheFlagWithTheForm(string command, string address, string words)
    {
        string[] args = command switch
        {
            "montecarlo" => ["montecarlo", Startup, "--vary", "efficiency=lognormal(1,0.2)", "--samples", "10", "--cluster", address],
            "sweep" => ["sweep", Startup, "--set", "users[1].users=1000,2000", "--cluster", address],
            "serve" => ["serve", "--urls", "http://127.0.0.1:0", "--cluster", address],
            _ => ["worker", "--cluster", address],
        };

        var (code, _, error) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.Contains("--cluster", error, StringComparison.Ordinal);
        Assert.Contains(words, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://127.0.0.1:6379", "0.0.0.0", "not one IP address")]
    [InlineData("redis://127.0.0.1:6379", "10.0.0.5", "IWALL_CLUSTER_TOKEN is not set")]
    [InlineData("redis://127.0.0.1:6379", "somewhere", "not one IP address")]
    [InlineData("localhost:11111", "127.0.0.1", "applies only to redis://")]
    public void Worker_BadListen_RefusedBeforeItStarts(string cluster, string listen, string words)
    {
        var (code, _, error) = CliRunner.Run("worker", "--cluster", cluster, "--listen", listen);

        Assert.Equal(2, code);
        Assert.Contains("--listen", error, StringComparison.Ordinal);
        Assert.Contains(words, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://127.0.0.1:6379", "80", "1024 to 65534")]
    [InlineData("redis://127.0.0.1:6379", "65535", "1024 to 65534")]
    [InlineData("localhost:11111", "12000", "applies only to redis://")]
    public void Worker_BadPort_RefusedBeforeItStarts(string cluster, string port, string words)
    {
        var (code, _, error) = CliRunner.Run("worker", "--cluster", cluster, "--port", port);

        Assert.Equal(2, code);
        Assert.Contains("--port", error, StringComparison.Ordinal);
        Assert.Contains(words, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Worker_KubernetesOutsideAPod_RefusedWithWhatIsMissing()
    {
        var (code, _, error) = CliRunner.Run("worker", "--cluster", "localhost:11111", "--kubernetes");

        Assert.Equal(2, code);
        Assert.Contains("POD_NAME", error, StringComparison.Ordinal);
        Assert.Contains("needs a redis:// cluster", error, StringComparison.Ordinal);
        Assert.Contains("IWALL_CLUSTER_TOKEN is not set", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1025")]
    public void Worker_SlotsOutOfRange_Refused(string slots)
    {
        var (code, _, error) = CliRunner.Run("worker", "--cluster", "localhost:11111", "--slots", slots);

        Assert.Equal(2, code);
        Assert.Contains("--slots", error, StringComparison.Ordinal);
        Assert.Contains("1 to 1,024", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimize_ClusterWithoutSimulate_RefusedWithTheFix()
    {
        var (code, _, error) = CliRunner.Run("optimize", Startup, "--slo-s", "600", "--cluster", "localhost:11111");

        Assert.Equal(2, code);
        Assert.Contains("--cluster", error, StringComparison.Ordinal);
        Assert.Contains("add --simulate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimize_ClusterWithCapacitySearch_TheAddressIsChecked()
    {
        // The capacity search's fleets run on workers too, so --cluster applies to it and its address is checked.
        var (code, _, error) = CliRunner.Run("optimize", Startup, "--slo-s", "600", "--capacity-search", "--cluster", "localhost:0");

        Assert.Equal(2, code);
        Assert.Contains("--cluster", error, StringComparison.Ordinal);
        Assert.DoesNotContain("does not apply", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_PasswordInTheAddress_NeverPrinted()
    {
        var (code, _, error) = CliRunner.Run("worker", "--cluster", "redis://:s3cret@127.0.0.1:6379/99");

        Assert.Equal(2, code);
        Assert.Contains("redis://***@127.0.0.1:6379/99", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MonteCarlo_BadDistribution_NamesTheFix()
    {
        var (code, _, error) = CliRunner.Run("montecarlo", Startup, "--vary", "efficiency=gamma(1,2)");
        Assert.Equal(2, code);
        Assert.Contains("uniform(min,max)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimize_Json_BestRunnersUpAndReasons()
    {
        var (code, output, error) = CliRunner.Run("optimize", Startup, "--slo-s", "600", "--format", "json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("best").GetProperty("latency_s").GetDouble() <= 600);
        Assert.True(root.GetProperty("evaluated").GetInt32() > 10_000);
        var reasons = root.GetProperty("why_others_lost").EnumerateArray().Select(o => o.GetProperty("reason").GetString()).ToHashSet();
        Assert.Contains("memory", reasons);
        Assert.Contains("price", reasons);
    }

    [Fact]
    public void Optimize_CapacitySearch_ManyFleets_OneRowEach()
    {
        var (code, output, error) = CliRunner.Run("optimize", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--slo-s", "120", "--capacity-search", "--replicas", "1,20", "--format", "csv");
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("replicas,gpus,max_clips_per_hour,fleet_capacity_clips_per_hour,utilization_at_max,latency_at_max_s,percentile,slo_s,reason,caveat", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("1,1,,", lines[1], StringComparison.Ordinal);
        Assert.Contains("no load meets the SLO", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("20,20,", lines[2], StringComparison.Ordinal);

        var (tableCode, table, _) = CliRunner.Run("optimize", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--slo-s", "300", "--capacity-search", "--replicas", "1,4", "--threads", "1");
        Assert.Equal(0, tableCode);
        Assert.Contains("utilization at max", table, StringComparison.Ordinal);
        Assert.Contains("latency P99 at max (s)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Optimize_CapacitySearch_BadFleets_EachNamedInTheOptionsWords()
    {
        var (code, _, error) = CliRunner.Run("optimize", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--slo-s", "300", "--capacity-search", "--replicas", "4,0,4");
        Assert.Equal(2, code);
        Assert.Contains("--replicas", error, StringComparison.Ordinal);
        Assert.Contains("0: must be at least 1", error, StringComparison.Ordinal);
        Assert.Contains("already fleet 0", error, StringComparison.Ordinal);
        Assert.DoesNotContain("replica_counts", error, StringComparison.Ordinal);

        var (wordCode, _, word) = CliRunner.Run("optimize", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--slo-s", "300", "--capacity-search", "--replicas", "4,many");
        Assert.Equal(2, wordCode);
        Assert.Contains("--replicas: 'many' is not a whole number", word, StringComparison.Ordinal);

        var (emptyCode, _, empty) = CliRunner.Run("optimize", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--slo-s", "300", "--capacity-search", "--replicas", "");
        Assert.Equal(2, emptyCode);
        Assert.Contains("--replicas: is empty", empty, StringComparison.Ordinal);

        var (hugeCode, _, huge) = CliRunner.Run("optimize", RepoPaths.Of("scenarios", "api-reseller.yaml"), "--slo-s", "300", "--capacity-search", "--replicas", "4,99999999999999999999");
        Assert.Equal(2, hugeCode);
        Assert.Contains("'99999999999999999999' is not a whole number", huge, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_NamesChangedFieldsAndEffects()
    {
        var b = Temp(".yaml");
        try
        {
            File.WriteAllText(b, File.ReadAllText(Startup).Replace("utilization: 0.6", "utilization: 0.8", StringComparison.Ordinal));
            var (code, output, error) = CliRunner.Run("diff", Startup, b, "--format", "json");
            Assert.True(code == 0, error);
            using var doc = JsonDocument.Parse(output);
            var change = Assert.Single(doc.RootElement.GetProperty("changes").EnumerateArray());
            Assert.Equal("product.utilization", change.GetProperty("field").GetString());
            Assert.True(doc.RootElement.GetProperty("effects").GetProperty("cost_per_clip_usd").GetProperty("change").GetDouble() < 0);
        }
        finally
        {
            File.Delete(b);
        }
    }

    [Fact]
    public void Report_IsOneSelfContainedHtmlPageWithCharts()
    {
        var html = Temp(".html");
        try
        {
            var (code, _, error) = CliRunner.Run("report", Startup, "-o", html);
            Assert.True(code == 0, error);
            var text = File.ReadAllText(html);
            Assert.StartsWith("<!DOCTYPE html>", text, StringComparison.Ordinal);
            Assert.True(text.Split("<svg").Length - 1 >= 4, "wall, value chain, tornado and fleet charts");
            Assert.DoesNotContain("<script", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<link", text, StringComparison.Ordinal);
            Assert.Contains("Unit economics", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(html);
        }
    }
}
