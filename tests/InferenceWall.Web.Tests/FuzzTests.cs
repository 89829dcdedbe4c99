using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace InferenceWall.Web.Tests;

/// <summary>Seeded random mutations of valid bodies never get a 5xx; 10,000 concurrent validations leave the server up.</summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Mutations = 2_000;
    private const int Validations = 10_000;
    private const int ClientConcurrency = 64;

    private static readonly string Startup = File.ReadAllText(RepoPaths.Of("scenarios", "startup-720p-h100.yaml"));

    private static readonly (string Path, JsonObject Body)[] Valid =
    [
        ("/api/estimate", JsonNode.Parse("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","gpus":4,"ulysses":4,"frames":81,"steps":50,"provider":"lambda"}""")!.AsObject()),
        ("/api/scenarios/validate", new JsonObject { ["scenario_yaml"] = Startup, ["scenario_name"] = "startup.yaml" }),
        ("/api/runs", new JsonObject { ["kind"] = "economics", ["scenario_yaml"] = Startup, ["label"] = "fuzz" }),
        ("/api/runs", new JsonObject { ["kind"] = "estimate", ["options"] = JsonNode.Parse("""{"model":"wan2.1-t2v-14b","gpu":"h100-sxm","frames":81}""") }),
    ];

    private static readonly JsonNode?[] Odd =
    [
        null, true, false, 0, -1, 1.5, long.MaxValue, long.MinValue, ulong.MaxValue, double.MaxValue, double.Epsilon, "", " ", "x", "∞", "NaN", "1e999",
        new string('z', 5_000), new JsonArray(), new JsonArray(1, "a", null), new JsonObject(), new JsonObject { ["a"] = new JsonObject { ["b"] = 1 } },
    ];

    private static readonly string[] RawTails = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "123456789012345678901234567890", "0x10", "01", "1.", ".5", "tru", "'x'", "undefined", "}", "]", ","];

    [Fact]
    public async Task SeededMutationsOfValidBodies_NeverGet5xx()
    {
        await using var server = await TestServer.StartAsync(new ServeOptions { BackgroundConcurrency = 1, QueueCapacity = 8 });
        var random = new Random(20261201);
        var statuses = new ConcurrentDictionary<int, int>();
        var bodies = Enumerable.Range(0, Mutations).Select(_ => Mutate(random)).ToList();
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (b, cancel) =>
        {
            var content = new ByteArrayContent(b.Bytes);
            content.Headers.TryAddWithoutValidation("Content-Type", b.ContentType);
            var response = await server.Client.PostAsync(b.Path, content, cancel);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            var text = await response.Content.ReadAsStringAsync(cancel);
            if (status >= 500)
            {
                failures.Add($"{status} for {b.Path} {Encoding.UTF8.GetString(b.Bytes)[..Math.Min(300, b.Bytes.Length)]}: {text[..Math.Min(500, text.Length)]}");
            }
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{status} without problem details for {b.Path}");
            }
        });
        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.Empty(failures);
        Assert.True(statuses.Keys.Count(k => k >= 400) >= 2, "the mutations should reach several kinds of refusal");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/health")).StatusCode);
    }

    [Fact]
    public async Task TenThousandConcurrentValidations_AreAll200Or400_AndTheServerStaysUp()
    {
        await using var server = await TestServer.StartAsync();
        var broken = Startup.Replace("gpus_per_clip: 4", "gpus_per_clip: -4", StringComparison.Ordinal);
        var good = Encoding.UTF8.GetBytes(new JsonObject { ["scenario_yaml"] = Startup }.ToJsonString());
        var bad = Encoding.UTF8.GetBytes(new JsonObject { ["scenario_yaml"] = broken }.ToJsonString());
        var counts = new ConcurrentDictionary<int, int>();
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Validations), new ParallelOptions { MaxDegreeOfParallelism = ClientConcurrency }, async (i, cancel) =>
        {
            var content = new ByteArrayContent(i % 2 == 0 ? good : bad);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            var started = Stopwatch.GetTimestamp();
            using var response = await server.Client.PostAsync("/api/scenarios/validate", content, cancel);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            counts.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
        });
        clock.Stop();
        var sorted = latencies.Order().ToList();
        output.WriteLine($"{Validations} validations in {clock.Elapsed.TotalSeconds:0.0} s ({Validations / clock.Elapsed.TotalSeconds:0} /s), P50 {sorted[sorted.Count / 2]:0.0} ms, P99 {sorted[(int)(sorted.Count * 0.99)]:0.0} ms; "
            + string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}")));
        Assert.Equal(Validations / 2, counts.GetValueOrDefault(200));
        Assert.Equal(Validations / 2, counts.GetValueOrDefault(400));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/health")).StatusCode);
    }

    private sealed record Body(string Path, byte[] Bytes, string ContentType);

    private static Body Mutate(Random random)
    {
        var (path, valid) = Valid[random.Next(Valid.Length)];
        var body = (JsonObject)valid.DeepClone();
        var type = "application/json";
        string? raw = null;
        var steps = 1 + random.Next(3);
        for (var s = 0; s < steps; s++)
        {
            switch (random.Next(10))
            {
                case 0:
                    if (body.Count > 0)
                    {
                        body.Remove(body.ElementAt(random.Next(body.Count)).Key);
                    }

                    break;
                case 1:
                    body["unknown_" + random.Next(100)] = Odd[random.Next(Odd.Length)]?.DeepClone();
                    break;
                case 2 or 3:
                    if (body.Count > 0)
                    {
                        body[body.ElementAt(random.Next(body.Count)).Key] = Odd[random.Next(Odd.Length)]?.DeepClone();
                    }

                    break;
                case 4:
                    if (body["scenario_yaml"] is JsonValue yaml && yaml.GetValueKind() == System.Text.Json.JsonValueKind.String)
                    {
                        body["scenario_yaml"] = MutateYaml((string)yaml!, random);
                    }

                    break;
                case 5:
                    if (body["options"] is JsonObject options && options.Count > 0)
                    {
                        options[options.ElementAt(random.Next(options.Count)).Key] = Odd[random.Next(Odd.Length)]?.DeepClone();
                    }
                    else if (path == "/api/estimate" && body.Count > 0)
                    {
                        body[body.ElementAt(random.Next(body.Count)).Key] = Odd[random.Next(Odd.Length)]?.DeepClone();
                    }

                    break;
                case 6:
                    var text = body.ToJsonString();
                    raw = text[..random.Next(text.Length)];
                    break;
                case 7:
                    var json = body.ToJsonString();
                    var at = json.LastIndexOf('}');
                    raw = json[..at] + ",\"x\":" + RawTails[random.Next(RawTails.Length)] + "}";
                    break;
                case 8:
                    var chars = body.ToJsonString().ToCharArray();
                    for (var k = 0; k < 1 + random.Next(4); k++)
                    {
                        chars[random.Next(chars.Length)] = (char)random.Next(0, 128);
                    }

                    raw = new string(chars);
                    break;
                default:
                    type = random.Next(3) switch { 0 => "text/plain", 1 => "application/json; charset=utf-16", _ => "application/merge-patch+json" };
                    break;
            }
        }

        return new Body(path, Encoding.UTF8.GetBytes(raw ?? body.ToJsonString()), type);
    }

    private static string MutateYaml(string yaml, Random random)
    {
        var lines = yaml.Split('\n').ToList();
        var i = random.Next(lines.Count);
        switch (random.Next(5))
        {
            case 0:
                lines.RemoveAt(i);
                break;
            case 1:
                lines[i] = "  " + lines[i];
                break;
            case 2:
                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    lines[i] = lines[i][..(colon + 1)] + " " + new[] { "-1", "1e999", ".nan", ".inf", "[", "{a: b}", "~", "\"\"", "99999999999999999999" }[random.Next(9)];
                }

                break;
            case 3:
                lines.Insert(i, "unknown_field: 1");
                break;
            default:
                lines[i] = lines[i].Replace(' ', '\t');
                break;
        }

        return string.Join('\n', lines);
    }
}
