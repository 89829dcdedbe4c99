using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using InferenceWall.Application.Diff;
using InferenceWall.Application.Economics;
using InferenceWall.Application.Json;
using InferenceWall.Application.Report;
using InferenceWall.Application.Simulate;

namespace InferenceWall.Application.Tests.Fuzz;

/// <summary>
/// Seeded mutations of the shipped scenario files (values, keys, lines, indentation, YAML syntax) through every use
/// case that takes a scenario's text. Fails on any exception escaping a use case, an outcome with neither a response
/// nor problems, or a response whose JSON holds NaN or infinity (the contract serializer refuses them).
/// </summary>
public sealed partial class ScenarioFuzzTests
{
    private const int Seed = 20261201;
    private const int Cases = 5_000;

    private static readonly string[] Values =
    [
        "-1", "0", "-0", "1e-300", "0.000001", "1e9", "1e308", "-1e308", "2147483648", "99999999999999999999", ".nan", ".inf", "-.inf",
        "NaN", "Infinity", "~", "", "''", "[]", "{}", "[1, 2]", "{a: 1}", "abc", "true", "4,29", "1_000", "0x10", "&a 1", "*a", "!!binary aGk=",
        "\"\\u0000\"", "1:2", "- x", "12.5", "3", "24", "100000", "lambda", "H100-SXM", "B200", "wan2.1-t2v-1.3b", "per_clip", "sequential", "fp8",
    ];

    private static readonly string[] Shipped = [.. new[] { "startup-720p-h100", "enterprise-vfx", "api-reseller" }
        .Select(n => File.ReadAllText(RepoPaths.Of("scenarios", n + ".yaml")))];

    [GeneratedRegex(@"^(\s*-?\s*)([a-z_]+):(\s*)(.*)$")]
    private static partial Regex KeyValue();

    [Fact]
    public void ScenarioUseCases_MutatedScenarioTexts_NoExceptionNoNaN()
    {
        var answered = 0;
        for (var i = 0; i < Cases; i++)
        {
            var random = new Random(Seed + i);
            var text = Mutate(Shipped[random.Next(Shipped.Length)], random);
            var source = new ScenarioSource($"case-{i}.yaml", text);
            answered += Check(i, text, () => EconomicsUseCase.Run(new EconomicsRequest { Scenario = source }, EngineData.Shipped)) ? 1 : 0;
            if (i % 4 == 0)
            {
                Check(i, text, () => DiffUseCase.Run(new DiffRequest { A = new ScenarioSource("a.yaml", Shipped[0]), B = source }, EngineData.Shipped));
            }

            if (i % 10 == 0)
            {
                // The simulated day is the slow path (about 0.1 s for a shipped scenario): a sample of the cases.
                Check(i, text, () => SimulateUseCase.Run(new SimulateRequest { Scenario = source, Seed = (ulong)i }, EngineData.Shipped));
                Check(i, text, () => EconomicsUseCase.Run(new EconomicsRequest { Scenario = source, Simulate = true }, EngineData.Shipped));
            }

            if (i % 50 == 0)
            {
                Check(i, text, () => ReportUseCase.Run(new ReportRequest { Scenario = source }, EngineData.Shipped));
            }
        }

        // The mutations must leave enough scenarios valid for the fuzzing to reach the computations.
        Assert.True(answered > Cases / 10, $"only {answered} of {Cases} mutated scenarios were answered");
    }

    private static bool Check<T>(int i, string text, Func<Outcome<T>> run)
        where T : class
    {
        Outcome<T> outcome;
        try
        {
            outcome = run();
        }
        catch (Exception ex)
        {
            Assert.Fail($"case {i}: {ex}\n--- scenario ---\n{text}");
            return false;
        }

        if (!outcome.IsOk)
        {
            Assert.True(outcome.Problems.Length > 0, $"case {i}: failed with no problem");
            Assert.All(outcome.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message), $"case {i}: a problem without a message"));
            return false;
        }

        try
        {
            // The contract serializer refuses NaN and infinity (a scenario's name may say "NaN": text is no test).
            _ = ContractJson.Serialize(outcome.Value!);
        }
        catch (ArgumentException ex)
        {
            Assert.Fail($"case {i}: the {typeof(T).Name} does not serialize (NaN or infinity?): {ex.Message}\n--- scenario ---\n{text}");
            return false;
        }

        return true;
    }

    private static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits && lines.Count > 0; e++)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(10))
            {
                case 0 or 1 or 2 or 3:
                    // A value replaced: the most common way a person breaks a file.
                    var m = KeyValue().Match(lines[at]);
                    if (m.Success && m.Groups[4].Value.Length > 0)
                    {
                        lines[at] = $"{m.Groups[1].Value}{m.Groups[2].Value}:{m.Groups[3].Value}{Values[random.Next(Values.Length)]}";
                    }

                    break;
                case 4:
                    lines.RemoveAt(at);
                    break;
                case 5:
                    lines.Insert(at, lines[random.Next(lines.Count)]);
                    break;
                case 6:
                    var k = KeyValue().Match(lines[at]);
                    if (k.Success)
                    {
                        var key = k.Groups[2].Value;
                        lines[at] = lines[at].Replace(key + ":", key[..^1] + ":", StringComparison.Ordinal);
                    }

                    break;
                case 7:
                    lines[at] = (random.Next(2) == 0 ? "  " : string.Empty) + lines[at].TrimStart();
                    break;
                case 8:
                    lines[at] += new[] { " [", " {", " '", " \"", " #", ": x", " &b", " *b" }[random.Next(8)];
                    break;
                default:
                    // A whole list multiplied (clip mix, tiers, plans): sizes and sums beyond the rules.
                    var copies = new StringBuilder();
                    for (var c = 0; c < random.Next(2, 200); c++)
                    {
                        copies.Append(lines[at]).Append('\n');
                    }

                    lines[at] = copies.ToString().TrimEnd('\n');
                    break;
            }
        }

        return string.Join('\n', lines).ToString(CultureInfo.InvariantCulture);
    }
}
