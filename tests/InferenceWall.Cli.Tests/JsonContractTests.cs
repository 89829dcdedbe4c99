using System.Text.Json;
using System.Text.RegularExpressions;

namespace InferenceWall.Cli.Tests;

/// <summary>
/// The JSON contract of every command on the shipped scenarios: a snapshot per command (the same bytes the HTTP API
/// will answer), snake_case keys everywhere, and no NaN or infinity. When an output changes on purpose, regenerate
/// with <c>UPDATE_SNAPSHOTS=1 dotnet test</c> and review the diff.
/// </summary>
public sealed partial class JsonContractTests
{
    public static TheoryData<string, string[]> Commands() => new()
    {
        { "estimate-wan-4xh100-lambda", ["estimate", "--model", "wan2.1-t2v-14b", "--gpu", "h100-sxm", "--gpus", "4", "--ulysses", "4", "--resolution", "1280x720", "--frames", "81", "--steps", "50", "--provider", "lambda"] },
        { "estimate-back-of-envelope", ["estimate", "--gpu-minutes", "8", "--gpus", "4", "--usd-per-gpu-minute", "0.08"] },
        { "catalog-gpus", ["catalog", "gpus"] },
        { "catalog-prices", ["catalog", "prices"] },
        { "catalog-models", ["catalog", "models"] },
        { "catalog-apis", ["catalog", "apis"] },
        { "catalog-hardware", ["catalog", "hardware"] },
        { "catalog-vaes", ["catalog", "vaes"] },
        { "case-sora", ["case", "sora"] },
        { "economics-startup", ["economics", Scenario("startup-720p-h100")] },
        { "economics-enterprise", ["economics", Scenario("enterprise-vfx")] },
        { "economics-api-reseller", ["economics", Scenario("api-reseller")] },
        { "economics-sora-scale-day", ["economics", Scenario("sora-scale-day")] },
        { "economics-startup-simulated", ["economics", Scenario("startup-720p-h100"), "--simulate", "--seed", "1"] },
        { "simulate-startup", ["simulate", Scenario("startup-720p-h100"), "--seed", "1"] },
        { "simulate-enterprise", ["simulate", Scenario("enterprise-vfx"), "--seed", "1"] },
        { "simulate-api-reseller", ["simulate", Scenario("api-reseller"), "--seed", "1"] },
        { "simulate-sora-scale-day", ["simulate", Scenario("sora-scale-day"), "--seed", "1"] },
        { "simulate-mmc", ["simulate", "--mmc", "--servers", "8", "--load", "0.8", "--requests", "20000", "--seed", "1"] },
        { "sweep-startup-steps", ["sweep", Scenario("startup-720p-h100"), "--set", "product.clip_mix[0].steps=20:50:10"] },
        { "sensitivity-startup", ["sensitivity", Scenario("startup-720p-h100")] },
        { "montecarlo-startup", ["montecarlo", Scenario("startup-720p-h100"), "--samples", "200", "--seed", "1", "--vary", "efficiency=lognormal(1,0.2)"] },
        { "optimize-startup", ["optimize", Scenario("startup-720p-h100"), "--slo-s", "900"] },
        { "optimize-capacity-search", ["optimize", Scenario("startup-720p-h100"), "--capacity-search", "--replicas", "4", "--slo-s", "900"] },
        { "diff-startup-enterprise", ["diff", Scenario("startup-720p-h100"), Scenario("enterprise-vfx")] },
        { "validate-shipped", ["validate", "--measurements", RepoPaths.Of("data", "measurements", "calibration.csv")] },
    };

    private static string Scenario(string name) => RepoPaths.Of("scenarios", name + ".yaml");

    /// <summary>Objects whose keys are data (ids, names), not contract names.</summary>
    private static readonly string[] DataKeyed = ["families", "gpu_scale", "attention_kernel_scale", "loss_counts"];

    [GeneratedRegex("\"(requests_per_second|wall_seconds)\": [0-9.eE+-]+")]
    private static partial Regex Timing();

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    [Theory]
    [MemberData(nameof(Commands))]
    public void Command_Json_MatchesSnapshotWithSnakeCaseKeysAndFiniteNumbers(string name, string[] args)
    {
        var (code, output, error) = CliRunner.Run([.. args, "--format", "json"]);
        Assert.True(code == 0, $"{name}: exit {code}: {error}");
        using (var doc = JsonDocument.Parse(output))
        {
            var bad = new List<string>();
            Walk(doc.RootElement, "$", bad);
            Assert.True(bad.Count == 0, $"{name}: keys not in snake_case: {string.Join(", ", bad.Take(10))}");
        }

        Assert.DoesNotContain("NaN", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", output, StringComparison.Ordinal);
        var path = RepoPaths.Of("tests", "InferenceWall.Cli.Tests", "Snapshots", "json", name + ".json");
        // The M/M/c form times its loop on this machine: the only figures that differ run to run are masked.
        var portable = Timing().Replace(output.Replace(RepoPaths.Of(), "<repo>", StringComparison.Ordinal), m => $"\"{m.Groups[1].Value}\": \"<measured>\"");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, portable);
        }

        Assert.True(File.Exists(path), $"no snapshot for {name}: run UPDATE_SNAPSHOTS=1 dotnet test");
        Assert.Equal(File.ReadAllText(path), portable);
    }

    private static void Walk(JsonElement e, string at, List<string> bad)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var dataKeys = DataKeyed.Any(k => at.EndsWith("." + k, StringComparison.Ordinal));
                foreach (var p in e.EnumerateObject())
                {
                    if (!dataKeys && !SnakeCase().IsMatch(p.Name))
                    {
                        bad.Add($"{at}.{p.Name}");
                    }

                    Walk(p.Value, $"{at}.{p.Name}", bad);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item, $"{at}[{i++}]", bad);
                }

                break;
        }
    }
}
