using System.Text.Json;

namespace InferenceWall.Cli.Tests;

public class EstimateCommandTests
{
    private static readonly string[] IssueExample =
    [
        "estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--gpus", "4", "--ulysses", "4", "--resolution", "1280x720",
        "--frames", "81", "--steps", "50", "--provider", "lambda",
    ];

    [Fact]
    public void Estimate_IssueExample_TableShowsPhasesAndCost()
    {
        var (code, output, error) = CliRunner.Run(IssueExample);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains("denoise", output, StringComparison.Ordinal);
        Assert.Contains("vae_decode", output, StringComparison.Ordinal);
        Assert.Contains("cost per clip ($)", output, StringComparison.Ordinal);
        Assert.Contains("Lambda", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_IssueExampleJson_HasTheContractFields()
    {
        var (code, output, _) = CliRunner.Run([.. IssueExample, "--format", "json"]);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        foreach (var field in new[] { "latency_s", "gpu_seconds", "peak_memory_bytes", "energy_kwh", "cost_usd" })
        {
            Assert.True(root.GetProperty(field).GetDouble() > 0, field);
        }

        Assert.Equal(75_600, root.GetProperty("latent_tokens").GetInt64());
        Assert.Equal(root.GetProperty("latency_s").GetDouble() * 4, root.GetProperty("gpu_seconds").GetDouble(), 6);
        var price = root.GetProperty("usd_per_gpu_hour").GetDouble();
        Assert.Equal(root.GetProperty("gpu_seconds").GetDouble() / 3600 * price, root.GetProperty("cost_usd").GetDouble(), 9);
    }

    [Fact]
    public void Estimate_BackOfEnvelopeJson_Is2Dollars56()
    {
        var (code, output, _) = CliRunner.Run("estimate", "--gpu-minutes", "8", "--gpus", "4", "--usd-per-gpu-minute", "0.08", "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(2.56, doc.RootElement.GetProperty("cost_usd").GetDouble(), 12);
    }

    [Fact]
    public void Estimate_UnknownNames_SuggestNearestAndExit2()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan21-t2v-14", "--gpu", "h100sx");
        Assert.Equal(2, code);
        Assert.Contains("did you mean 'wan2.1-t2v-14b'", error, StringComparison.Ordinal);
        Assert.Contains("'H100-SXM'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_SeveralBadOptions_ReportsAllAtOnce()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--resolution", "1280by720",
            "--precision", "fp3", "--provider", "lambdaa");
        Assert.Equal(2, code);
        Assert.Contains("--resolution: '1280by720'", error, StringComparison.Ordinal);
        Assert.Contains("--precision: 'fp3'", error, StringComparison.Ordinal);
        Assert.Contains("3 problems", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_UnknownProvider_SuggestsNearest()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--provider", "lambdaa");
        Assert.Equal(2, code);
        Assert.Contains("'lambda'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_PlanThatDoesNotFit_Exit3WithReason()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "rtx-4090");
        Assert.Equal(3, code);
        Assert.Contains("does not fit", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_NonNumericOption_NamesTheOption()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--gpus", "four");
        Assert.Equal(2, code);
        Assert.Contains("--gpus", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--usd-per-gpu-hour", "4,29")]
    [InlineData("--usd-per-gpu-hour", "1,000.5")]
    [InlineData("--utilization", "0,5")]
    [InlineData("--pue", "1,58")]
    [InlineData("--steps", "1,000")]
    [InlineData("--frames", "8 1")]
    [InlineData("--gpus", "four")]
    [InlineData("--utilization", "NaN")]
    [InlineData("--usd-per-gpu-hour", "Infinity")]
    public void Estimate_NumberNotInInvariantFormat_RefusedNamingTheOption(string option, string value)
    {
        // Before: --usd-per-gpu-hour 4,29 was read as 429 (the comma taken as a thousands separator), exit 0.
        var (code, output, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", option, value, "--format", "json");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"error: {option}: '{value}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_UnknownAttentionKernel_RefusedWithTheAllowedWords()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--attention-kernel", "flash-attn");
        Assert.Equal(2, code);
        Assert.Contains("--attention-kernel: 'flash-attn' is not a", error, StringComparison.Ordinal);
        Assert.Contains("write one of default, fa2, fa3, sage2, cudnn", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--steps", "1073741824", "--steps: steps is 1,073,741,824; the limit is 10,000 steps")]
    [InlineData("--steps", "99999999999", "--steps: steps is 99,999,999,999; the limit is 10,000 steps")]
    [InlineData("--resolution", "1280x2147483647", "--resolution: height is 2,147,483,647; the limit is 16,384 pixels")]
    [InlineData("--frames", "200000", "--frames: frames is 200,000; the limit is 100,000 frames")]
    [InlineData("--gpus", "5000000000", "--gpus: gpus is 5,000,000,000; the limit is 1,024 GPUs")]
    public void Estimate_CountPastItsLimit_Exit2WithTheLimit(string option, string value, string expected)
    {
        // Before: --steps 1073741824 overflowed int in the FLOP count and a 1280×2147483647 clip passed the memory check.
        var (code, output, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-1.3b", "--gpu", "h100-sxm", option, value, "--format", "json");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_UlyssesNotDividingTheHeads_Exit2NamingUlysses()
    {
        // Before: 8-way Ulysses on a 12-head model was priced with exit 0.
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-1.3b", "--gpu", "h100-sxm", "--gpus", "8");
        Assert.Equal(2, code);
        Assert.Contains("error: --ulysses: wan2.1-t2v-1.3b has 12 attention heads, which ulysses 8 does not divide", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_CoreProblems_WordedAsFlagsHere()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--frames", "0", "--gpus", "4", "--ulysses", "2",
            "--utilization", "2");
        Assert.Equal(2, code);
        Assert.Contains("error: --frames: frames is 0; it must be at least 1", error, StringComparison.Ordinal);
        Assert.Contains("error: --gpus: ulysses 2 × ring 1 × cfg_parallel 1 × tensor_parallel 1 = 2, but gpus is 4", error, StringComparison.Ordinal);
        Assert.Contains("error: --utilization: utilization is 2", error, StringComparison.Ordinal);
        Assert.Contains("3 problems", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_MemoryRefusal_Exit3ByItsKindWithFixesInJson()
    {
        var (code, output, error) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-14b", "--gpu", "rtx-4090", "--format", "json");
        Assert.Equal(3, code);
        Assert.StartsWith("infeasible: wan2.1-t2v-14b on 1 × RTX-4090: does not fit", error, StringComparison.Ordinal);
        Assert.DoesNotContain("error:", error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(output);
        Assert.False(doc.RootElement.GetProperty("feasible").GetBoolean());
        var problem = doc.RootElement.GetProperty("problems")[0];
        Assert.Equal("infeasible", problem.GetProperty("kind").GetString());
        Assert.Contains("offload: sequential", problem.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_ProviderPriceJson_OneCapacitySpellingAndTheSkuChosen()
    {
        var (code, output, _) = CliRunner.Run([.. IssueExample, "--format", "json"]);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var price = doc.RootElement.GetProperty("price");
        Assert.Equal("on_demand", price.GetProperty("capacity_class").GetString());
        Assert.Equal("8x NVIDIA H100 SXM", price.GetProperty("sku").GetString());
        Assert.Equal(8, price.GetProperty("gpus_per_instance").GetInt32());
        Assert.False(price.GetProperty("undated").GetBoolean());
        Assert.Equal(3.99, doc.RootElement.GetProperty("usd_per_gpu_hour").GetDouble());
    }

    [Fact]
    public void Estimate_UndatedQuote_MarkedUndated()
    {
        var (code, output, _) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-1.3b", "--gpu", "a100-sxm-80gb", "--resolution", "832x480",
            "--provider", "azure", "--capacity", "spot", "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("price").GetProperty("undated").GetBoolean());
        Assert.Contains(doc.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("undated", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimate_BackOfEnvelopeBadAndHugeValues_Exit2NamingEach()
    {
        var (code, _, error) = CliRunner.Run("estimate", "--gpu-minutes", "1e300", "--gpus", "0", "--usd-per-gpu-minute", "0,08");
        Assert.Equal(2, code);
        Assert.Contains("--gpu-minutes: gpu_minutes is 1E+300; the limit is 1,000,000", error, StringComparison.Ordinal);
        Assert.Contains("--gpus: gpus is 0", error, StringComparison.Ordinal);
        Assert.Contains("--usd-per-gpu-minute: '0,08'", error, StringComparison.Ordinal);
        Assert.Contains("3 problems", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_CustomCalibration_IsUsed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"iwall-cal-{Guid.NewGuid():N}.json");
        try
        {
            var (calCode, _, _) = CliRunner.Run("calibrate", "--measurements", RepoPaths.Of("data", "measurements", "calibration.csv"), "--output", path);
            Assert.Equal(0, calCode);
            var (code, output, _) = CliRunner.Run("estimate", "--model", "wan2.1-t2v-1.3b", "--gpu", "h100-sxm", "--resolution", "832x480", "--calibration", path, "--format", "json");
            Assert.Equal(0, code);
            Assert.Contains("calibration.csv", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static System.Text.Json.Nodes.JsonNode EstimateJson(params string[] options)
    {
        var (code, output, error) = CliRunner.Run(["estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--gpus", "4", .. options, "--format", "json"]);
        Assert.True(code == 0, error);
        return System.Text.Json.Nodes.JsonNode.Parse(output)!;
    }

    [Fact]
    public void Estimate_CompiledAndLoadBandwidth_InTheJson()
    {
        var json = EstimateJson("--compiled", "--load-gbps", "4");

        Assert.True((bool)json["compiled"]!);
        Assert.False((bool)EstimateJson("--no-compiled")["compiled"]!);
        // 14e9 bf16 weights on each Ulysses GPU: 28e9 bytes at 4 GB/s.
        Assert.Equal(28e9, (double)json["cold_start"]!["transformer_bytes"]!);
        Assert.Equal(4, (double)json["cold_start"]!["load_gbps"]!);
        Assert.Equal((double)json["cold_start"]!["bytes"]! / 4e9, (double)json["cold_start"]!["seconds"]!, 9);
    }

    [Fact]
    public void Estimate_TextEncoderOnCpu_InTheJsonWithTheHostTime()
    {
        var cpu = EstimateJson("--text-encoder-on-cpu");
        var gpu = EstimateJson();

        Assert.True((bool)cpu["text_encoder_on_cpu"]!);
        Assert.False((bool)gpu["text_encoder_on_cpu"]!);
        static double TextSeconds(System.Text.Json.Nodes.JsonNode j) =>
            (double)j["phases"]!.AsArray().Single(p => (string)p!["name"]! == "text_encode")!["seconds"]!;
        // On the host the encoder runs at a few TFLOP/s, far under the H100's.
        Assert.True(TextSeconds(cpu) > 10 * TextSeconds(gpu), $"{TextSeconds(cpu)} s against {TextSeconds(gpu)} s");
        Assert.Contains(cpu["notes"]!.AsArray(), n => ((string)n!).Contains("host CPU", StringComparison.Ordinal));
        Assert.True((double)cpu["peak_memory_bytes"]! < (double)gpu["peak_memory_bytes"]!);
    }

    [Fact]
    public void Estimate_NewWords_Accepted()
    {
        var json = EstimateJson("--precision", "fp8_weight", "--offload", "block");
        Assert.Equal("fp8_weight", (string)json["clip"]!["precision"]!);
    }

    [Theory]
    [InlineData(new[] { "--stack", "no-such-stack" }, "--stack: unknown stack 'no-such-stack'")]
    [InlineData(new[] { "--compiled", "--no-compiled" }, "--compiled: --compiled and --no-compiled both given")]
    [InlineData(new[] { "--load-gbps", "0" }, "--load-gbps: 0 GB/s is out of range")]
    [InlineData(new[] { "--load-gbps", "5000" }, "--load-gbps: 5000 GB/s is above the limit of 1,000 GB/s")]
    [InlineData(new[] { "--load-gbps", "fast" }, "--load-gbps: 'fast'")]
    public void Estimate_BadStackCompiledOrLoad_Exit2NamingTheOption(string[] options, string expected)
    {
        var (code, output, error) = CliRunner.Run(["estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", .. options, "--format", "json"]);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}

