using System.Text.RegularExpressions;
using InferenceWall.Application;
using InferenceWall.Application.CapacitySearch;
using InferenceWall.Application.Json;
using InferenceWall.Application.Simulate;
using Xunit.Abstractions;

namespace InferenceWall.Simulation.Tests;

/// <summary>
/// Seeded fuzzing of the simulate and capacity-search use cases: mutated simulation sections, demand and traces.
/// Every case must end in a response or problems (never an exception) and a response must serialize (no NaN or
/// infinity), quickly.
/// </summary>
public partial class SimulateFuzzTests(ITestOutputHelper output)
{
    private readonly Dictionary<string, int> _seen = [];

    private static readonly string[] Values =
    [
        "0", "-1", "1", "3", "0.5", "1e-6", "0.000001", "1e9", "1e308", "-1e308", "2147483647", "2147483648", "9223372036854775808",
        "99999999999999999999", "NaN", ".nan", ".inf", "-.inf", "", "abc", "~", "[]", "{}", "1,5", "0x10", "1_000", "86400", "600", "1e6",
    ];

    private static readonly string[] Scenarios = ["startup-720p-h100.yaml", "api-reseller.yaml", "sora-scale-day.yaml"];

    [GeneratedRegex(@"^(\s*-?\s*[a-z_]+:\s*)(\S.*?)?(\s*#.*)?$")]
    private static partial Regex KeyValue();

    /// <summary>The lines of the text the simulator owns: the simulation section and the users' demand.</summary>
    private static List<int> Mutable(string[] lines)
    {
        var result = new List<int>();
        var inSimulation = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0 && !char.IsWhiteSpace(lines[i][0]))
            {
                inSimulation = lines[i].StartsWith("simulation:", StringComparison.Ordinal);
                continue;
            }

            if (inSimulation || lines[i].TrimStart().StartsWith("users:", StringComparison.Ordinal) || lines[i].TrimStart().StartsWith("clips_per_user_per_day:", StringComparison.Ordinal))
            {
                result.Add(i);
            }
        }

        return result;
    }

    private static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var candidates = Mutable([.. lines]);
        for (var m = random.Next(1, 4); m > 0 && candidates.Count > 0; m--)
        {
            var i = candidates[random.Next(candidates.Count)];
            switch (random.Next(10))
            {
                case 0:
                    lines.Insert(i, lines[i]); // a key given twice
                    break;
                case 1:
                    lines[i] = string.Empty; // a key dropped
                    break;
                case 2:
                    lines[i] = " " + lines[i]; // indentation broken
                    break;
                default:
                    var match = KeyValue().Match(lines[i]);
                    if (match.Success)
                    {
                        lines[i] = match.Groups[1].Value + Values[random.Next(Values.Length)];
                    }

                    break;
            }

            candidates = Mutable([.. lines]);
        }

        return string.Join('\n', lines);
    }

    private void Check<T>(Func<Outcome<T>> run, string what)
        where T : class
    {
        Outcome<T> outcome;
        try
        {
            outcome = run();
        }
        catch (Exception ex)
        {
            Assert.Fail($"{ex.GetType().Name} escaped the use case: {ex.Message}\n{what}");
            return;
        }

        Assert.True(outcome.IsOk ^ !outcome.Problems.IsEmpty, what);
        var key = outcome.IsOk ? "ok" : string.Join("+", outcome.Problems.Select(p => p.Kind).Distinct().Order());
        _seen[key] = _seen.GetValueOrDefault(key) + 1;
        if (outcome.Value is { } value)
        {
            var json = ContractJson.Serialize(value);
            Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
            Assert.DoesNotContain("Infinity", json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Simulate_MutatedScenarios_NeverThrow()
    {
        var random = new Random(20_240_601);
        var texts = Scenarios.Select(s => File.ReadAllText(RepoPaths.Of("scenarios", s))).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var n = 0; n < 1_000; n++)
        {
            var yaml = Mutate(texts[random.Next(2)], random);
            var request = new SimulateRequest { Scenario = new ScenarioSource($"case {n}", yaml), Seed = (ulong)n };
            Check(() => SimulateUseCase.Run(request, EngineData.Shipped), yaml);
        }

        Report();
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"{clock.Elapsed} for 1,000 cases");
    }

    [Fact]
    public void Simulate_MutatedTraces_NeverThrow()
    {
        var random = new Random(7);
        var scenario = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));
        string[] cells = ["0", "1", "2", "-1", "1e9", "86399.999", "86400", "NaN", "", "free", "paid", "api", "nobody", "\"paid\"", "\"a,b\"", "\"open", "2147483648", "1.5"];
        for (var n = 0; n < 2_000; n++)
        {
            var rows = new List<string> { random.Next(8) == 0 ? "time,clip,tier" : "timestamp_s,clip,tier" };
            var t = 0.0;
            for (var r = random.Next(0, 12); r > 0; r--)
            {
                t += random.NextDouble() * 5_000;
                var fields = new[] { t.ToString(System.Globalization.CultureInfo.InvariantCulture), random.Next(2).ToString(System.Globalization.CultureInfo.InvariantCulture), "free" };
                if (random.Next(3) == 0)
                {
                    fields[random.Next(3)] = cells[random.Next(cells.Length)];
                }

                rows.Add(string.Join(random.Next(20) == 0 ? ";" : ",", random.Next(15) == 0 ? [.. fields, "x"] : fields));
            }

            var trace = string.Join(random.Next(2) == 0 ? "\n" : "\r\n", rows);
            var request = new SimulateRequest { Scenario = new ScenarioSource("scenario", scenario), TraceCsv = trace, Seed = (ulong)n };
            Check(() => SimulateUseCase.Run(request, EngineData.Shipped), trace);
        }

        Report();
    }

    [Fact]
    public void Simulate_MmcValues_NeverThrow()
    {
        var random = new Random(3);
        long[] counts = [long.MinValue, -1, 0, 1, 2, 64, 100_000, 100_001, int.MaxValue, long.MaxValue];
        double[] loads = [double.NaN, double.NegativeInfinity, -1, 0, 1e-300, 0.5, 0.999999, 1, 1.2, double.PositiveInfinity];
        for (var n = 0; n < 300; n++)
        {
            var request = new SimulateRequest
            {
                Mmc = true,
                Servers = counts[random.Next(counts.Length)],
                Load = loads[random.Next(loads.Length)],
                Requests = Math.Min(counts[random.Next(counts.Length)], 20_000),
                Seed = (ulong)n,
            };
            Check(() => SimulateUseCase.Run(request, EngineData.Shipped), request.ToString());
        }

        Report();
    }

    [Fact]
    public void CapacitySearch_MutatedRequests_NeverThrow()
    {
        var random = new Random(11);
        var scenario = File.ReadAllText(RepoPaths.Of("scenarios", "api-reseller.yaml"));
        double[] slos = [double.NaN, -1, 0, 1e-9, 30, 300, 3_000, 1e300, double.PositiveInfinity];
        long[] replicas = [long.MinValue, 0, 1, 3, 40, 100_001, int.MaxValue];
        double[] percentiles = [double.NaN, 0, 50, 90, 99, 99.9, 100];
        for (var n = 0; n < 40; n++)
        {
            var request = new CapacitySearchRequest
            {
                Scenario = new ScenarioSource("scenario", random.Next(5) == 0 ? Mutate(scenario, random) : scenario),
                SloSeconds = slos[random.Next(slos.Length)],
                Replicas = replicas[random.Next(replicas.Length)],
                Percentile = percentiles[random.Next(percentiles.Length)],
                Seed = (ulong)n,
            };
            Check(() => CapacitySearchUseCase.Run(request, EngineData.Shipped), request.ToString());
        }

        Report();
    }

    /// <summary>How the cases ended, so that a fuzz run that only ever refuses (or only succeeds) shows.</summary>
    private void Report()
    {
        output.WriteLine(string.Join(", ", _seen.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.True(_seen.GetValueOrDefault("ok") > 0, "no case succeeded");
        Assert.True(_seen.Count > 1, "every case ended the same way");
    }
}
