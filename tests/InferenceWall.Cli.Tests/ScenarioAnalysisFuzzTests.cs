using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.Json;
using InferenceWall.Application.MonteCarlo;
using InferenceWall.Application.Optimize;
using InferenceWall.Application.Sensitivity;
using InferenceWall.Application.Sweep;

namespace InferenceWall.Cli.Tests;

/// <summary>
/// Seeded fuzzing of the four scenario analyses: thousands of requests with hostile values (NaN, infinities, values
/// beyond 32 bits, negative prices, unknown fields, out-of-range indexes, mutated scenarios). Every one must end in a
/// response whose JSON serializes (no NaN or infinity) or in typed problems: no exception escapes a use case.
/// </summary>
public partial class ScenarioAnalysisFuzzTests
{
    private static readonly double[] Values =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -double.MaxValue, double.Epsilon, -1e300, 1e300,
        -1, -0.5, 0, 1e-12, 0.3, 0.5, 0.9, 1, 1.08, 1.5, 2, 7, 20.5, 50, 1e4, 1e9, 3e9, 2147483647, 2147483648,
    ];

    private static readonly string[] Texts = ["H100-SXM", "RTX-4090", "B200", "nope", "", " ", "fp8", "bf16", "fp3", "lambda", "wan2.1-t2v-14b", "\u0000"];

    /// <summary>Writes infinities and NaN, to show where a response had one.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Lenient = new(ContractJson.Options) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static readonly string Yaml = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    [GeneratedRegex(@"(?<=: )-?\d+(\.\d+)?")]
    private static partial Regex Number();

    private static ImmutableArray<string> Fields { get; } =
    [
        .. ScenarioFields.NumericTemplates.Concat(ScenarioFields.TextTemplates)
            .SelectMany(t => t.Contains("[]", StringComparison.Ordinal) ? Enumerable.Range(0, 4).Select(i => t.Replace("[]", $"[{i}]", StringComparison.Ordinal)) : [t]),
        "nope", "users[-1].users", "users[99999999999].users", "product.clip_mix[].steps", string.Empty,
    ];

    private static readonly double[] Sane = [0.2, 0.3, 0.5, 0.6, 0.9, 1, 1.2, 2, 4, 20, 30, 50];

    /// <summary>A value: one in three hostile, the rest plausible (so that most requests reach the computations).</summary>
    private static double V(Random r) => r.Next(3) == 0 ? Values[r.Next(Values.Length)] : Sane[r.Next(Sane.Length)];

    private static string F(Random r) => r.Next(6) == 0 ? Fields[r.Next(Fields.Length)] : Plausible[r.Next(Plausible.Length)];

    private static readonly string[] Plausible =
    [
        "efficiency", "product.utilization", "product.clip_mix[0].steps", "product.clip_mix[1].seconds", "users[1].users", "energy.pue", "pricing[0].usd_per_clip",
        "capacity.usd_per_gpu_hour.on_demand", "product.gpu", "product.precision", "product.clip_mix[0].width_px", "other_costs.fixed_usd_per_day",
    ];

    private static ScenarioSource Scenario(Random r)
    {
        if (r.Next(10) != 0)
        {
            return new ScenarioSource("startup.yaml", Yaml);
        }

        // A mutated scenario: one number of the file replaced by a hostile value.
        var matches = Number().Matches(Yaml);
        var m = matches[r.Next(matches.Count)];
        return new ScenarioSource("mutated.yaml", Yaml[..m.Index] + V(r).ToString("R", CultureInfo.InvariantCulture) + Yaml[(m.Index + m.Length)..]);
    }

    private static SweepAxisRequest Axis(Random r)
    {
        var field = F(r);
        if (ScenarioFields.IsText(field) && r.Next(4) != 0)
        {
            return new SweepAxisRequest { Field = field, Texts = [.. Enumerable.Range(0, r.Next(1, 3)).Select(_ => Texts[r.Next(Texts.Length)])] };
        }

        return r.Next(4) switch
        {
            0 => new SweepAxisRequest { Field = field, Texts = [.. Enumerable.Range(0, r.Next(0, 3)).Select(_ => Texts[r.Next(Texts.Length)])] },
            1 => new SweepAxisRequest { Field = field, Range = r.Next(3) == 0 ? new SweepRange(V(r), V(r), V(r)) : new SweepRange(1, 50, r.Next(1, 20)) },
            _ => new SweepAxisRequest { Field = field, Numbers = [.. Enumerable.Range(0, r.Next(r.Next(8) == 0 ? 0 : 1, 4)).Select(_ => V(r))] },
        };
    }

    /// <summary>Checks the outcome; returns whether it answered (the tests assert that enough do, so the fuzz reaches the computations).</summary>
    private static bool Check<T>(Outcome<T> outcome)
        where T : class
    {
        if (outcome.Value is { } value)
        {
            try
            {
                Assert.DoesNotContain("NaN", ContractJson.Serialize(value), StringComparison.Ordinal);
            }
            catch (ArgumentException)
            {
                var text = System.Text.Json.JsonSerializer.Serialize(value, Lenient);
                var at = Math.Max(text.IndexOf("Infinity", StringComparison.Ordinal), text.IndexOf("NaN", StringComparison.Ordinal));
                Assert.Fail(text[Math.Max(0, at - 600)..Math.Min(text.Length, at + 200)]);
            }

            return true;
        }

        Assert.NotEmpty(outcome.Problems);
        return false;
    }

    [Fact]
    public void SweepSensitivityMonteCarlo_ThousandsOfHostileRequests_EndInAResponseOrProblems()
    {
        var r = new Random(20_260_801);
        var data = EngineData.Shipped;
        var answered = new int[3];
        for (var i = 0; i < 6_000; i++)
        {
            var scenario = Scenario(r);
            var threads = r.Next(10) == 0 ? r.Next(-2, 3) : (int?)null;
            switch (i % 3)
            {
                case 0:
                    answered[0] += Check(SweepUseCase.Run(new SweepRequest { Scenario = scenario, Axes = [.. Enumerable.Range(0, r.Next(r.Next(8) == 0 ? 0 : 1, 4)).Select(_ => Axis(r))], Threads = threads, MaxPoints = r.Next(8) == 0 ? r.Next(-1, 5) : null }, data)) ? 1 : 0;
                    break;
                case 1:
                    answered[1] += Check(SensitivityUseCase.Run(new SensitivityRequest { Scenario = scenario, Fields = [.. Enumerable.Range(0, r.Next(0, 3)).Select(_ => F(r))], Delta = r.Next(4) == 0 ? V(r) : 0.2, Threads = threads }, data)) ? 1 : 0;
                    break;
                default:
                    var inputs = Enumerable.Range(0, r.Next(r.Next(8) == 0 ? 0 : 1, 3)).Select(_ =>
                    {
                        var kind = (DistributionKind)r.Next(4);
                        var sane = r.Next(3) != 0;
                        var a = r.NextDouble() * 2;
                        double[] p = !sane ? [.. Enumerable.Range(0, r.Next(0, 4)).Select(_ => V(r))]
                            : kind == DistributionKind.Triangular ? [a, a + 0.1, a + 0.5]
                            : kind == DistributionKind.Uniform ? [a, a + 1]
                            : [a + 0.1, 0.3];
                        return new UncertainInputRequest { Field = F(r), Distribution = kind, Parameters = [.. p] };
                    });
                    answered[2] += Check(MonteCarloUseCase.Run(new MonteCarloRequest { Scenario = scenario, Inputs = [.. inputs], Samples = r.Next(5) == 0 ? (int)V(r) : r.Next(1, 40), Seed = (ulong)r.Next(), Threads = threads }, data)) ? 1 : 0;
                    break;
            }
        }

        // Enough requests must get through validation for the fuzzing to reach the computations (about a tenth).
        Assert.True(answered.All(n => n >= 200), $"answered: sweep {answered[0]}, sensitivity {answered[1]}, Monte Carlo {answered[2]} of 2,000 each");
    }

    [Fact]
    public void Optimize_HostileRequests_EndInAResponseOrProblems()
    {
        var r = new Random(8);
        long W(Random x) => x.Next(8) switch { 0 => x.Next(-3, 3), 1 => x.NextInt64(long.MinValue, long.MaxValue), 2 => x.Next(1, 12_000), _ => x.Next(1, 60) };
        var answered = 0;
        for (var i = 0; i < 60; i++)
        {
            var request = new OptimizeRequest
            {
                Scenario = Scenario(r),
                SloS = r.Next(4) == 0 ? V(r) : r.Next(300, 3_000),
                Steps = r.Next(3) == 0 ? null : [.. Enumerable.Range(0, r.Next(r.Next(6) == 0 ? 0 : 1, 3)).Select(_ => W(r))],
                GpuCounts = r.Next(2) == 0 ? [2] : [.. Enumerable.Range(0, r.Next(r.Next(6) == 0 ? 0 : 1, 3)).Select(_ => r.Next(3) == 0 ? W(r) : r.Next(1, 9))],
            };
            answered += Check(OptimizeUseCase.Run(request, EngineData.Shipped)) ? 1 : 0;
        }

        Assert.True(answered >= 15, $"answered: {answered} of 60");
    }
}
