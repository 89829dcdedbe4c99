using System.Text.Json.Nodes;
using InferenceWall.Application.Runs;

namespace InferenceWall.Application.Tests.Fuzz;

/// <summary>
/// Seeded mutations of valid run submissions (the body of the HTTP API's <c>POST /api/runs</c>): kinds, option values of
/// every JSON type, unknown fields, nesting. Planning never throws and always answers a plan or problems; the quick kinds
/// are also computed.
/// </summary>
public sealed class RunSubmissionFuzzTests
{
    private const int Seed = 20261201;
    private const int Cases = 3_000;

    private static readonly string Startup = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    private static readonly (string Kind, string Options)[] Valid =
    [
        ("estimate", """{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","gpus":4,"ulysses":4,"frames":81,"steps":50,"provider":"lambda"}"""),
        ("economics", """{"simulate":false,"seed":3}"""),
        ("case", """{"open_model_gpu":"H100-SXM","open_model_gpus":8}"""),
        ("montecarlo", """{"samples":50,"seed":1,"inputs":[{"field":"efficiency","distribution":"lognormal","parameters":[1,0.2]}]}"""),
        ("sweep", """{"axes":[{"field":"product.clip_mix[0].steps","numbers":[20,30]}],"max_points":10}"""),
        ("optimize", """{"slo_s":900,"steps":[20,50],"gpu_counts":[1,2]}"""),
        ("simulate", """{"mmc":true,"servers":2,"load":0.5,"requests":100}"""),
        ("capacity", """{"slo_seconds":900,"replicas":2,"percentile":99}"""),
    ];

    private static readonly JsonNode?[] Values =
    [
        null, 0, -1, 1e308, -1e308, 2147483648L, long.MaxValue, 0.5, "", "x", "NaN", "Infinity", "lognormal", true, false,
        new JsonArray(), new JsonArray(1, 2), new JsonArray("a"), new JsonObject(), new JsonObject { ["start"] = 1, ["stop"] = 0, ["step"] = 0 },
    ];

    [Fact]
    public void Plan_MutatedSubmissions_NeverThrowAndAlwaysAnswer()
    {
        var random = new Random(Seed);
        var planned = 0;
        for (var i = 0; i < Cases; i++)
        {
            var (kind, text) = Valid[random.Next(Valid.Length)];
            var options = JsonNode.Parse(text)!.AsObject();
            Mutate(options, random);
            var submission = new RunSubmission
            {
                Kind = random.Next(20) == 0 ? "montecarl0" : kind,
                ScenarioYaml = kind is "estimate" or "case" || random.Next(30) == 0 ? null : Startup,
                Options = options,
            };
            var plan = RunPlanner.Plan(submission);
            Assert.True(plan.IsOk || plan.Problems.Length > 0, $"case {i}: no plan and no problem for {options.ToJsonString()}");
            if (plan.IsOk)
            {
                planned++;
                if (!plan.Value!.RunsLong)
                {
                    var answer = RunExecutor.Execute(plan.Value, EngineData.Shipped);
                    Assert.True(answer.IsOk || answer.Problems.Length > 0, $"case {i}: no answer and no problem");
                }
            }
        }

        Assert.InRange(planned, Cases / 20, Cases - (Cases / 20));
    }

    private static void Mutate(JsonObject options, Random random)
    {
        var keys = options.Select(p => p.Key).ToList();
        switch (random.Next(4))
        {
            case 0 when keys.Count > 0:
                options[keys[random.Next(keys.Count)]] = Values[random.Next(Values.Length)]?.DeepClone();
                break;
            case 1:
                options["unknown_" + random.Next(3)] = 1;
                break;
            case 2 when keys.Count > 0:
                options.Remove(keys[random.Next(keys.Count)]);
                break;
            default:
                foreach (var array in options.Select(p => p.Value).OfType<JsonArray>().Where(a => a.Count > 0))
                {
                    if (array[0] is JsonObject inner && inner.Count > 0)
                    {
                        var innerKeys = inner.Select(p => p.Key).ToList();
                        inner[innerKeys[random.Next(innerKeys.Count)]] = Values[random.Next(Values.Length)]?.DeepClone();
                    }
                    else
                    {
                        array[0] = Values[random.Next(Values.Length)]?.DeepClone();
                    }
                }

                break;
        }
    }
}
