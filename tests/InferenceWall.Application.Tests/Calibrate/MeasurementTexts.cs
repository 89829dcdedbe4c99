using System.Text.Json;
using InferenceWall.Application.Json;

namespace InferenceWall.Application.Tests.Calibrate;

/// <summary>Measurement texts for the calibrate and validate tests, and the checks every response must pass.</summary>
internal static class MeasurementTexts
{
    public const string Header =
        "id,model,task,gpu,gpu_as_published,num_gpus,ulysses,ring,cfg_parallel,tensor_parallel,parallel_known,width,height,frames,steps,cfg,precision,offload,step_cache,attention_kernel,compiled,stack,scope,latency_s,approximate,peak_mem_gb,source,notes";

    private static readonly Lazy<string> ShippedText = new(() => File.ReadAllText(RepoPaths.Of("data", "measurements", "calibration.csv")));

    /// <summary>data/measurements/calibration.csv.</summary>
    public static string Shipped => ShippedText.Value;

    /// <summary>The shipped file's lines (header first), split on line ends only.</summary>
    public static string[] ShippedLines => Shipped.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();

    /// <summary>The header and the shipped rows whose id is given, in the given order.</summary>
    public static string Rows(params string[] ids) =>
        string.Join('\n', [Header, .. ids.Select(id => ShippedLines.Single(l => l.StartsWith(id + ",", StringComparison.Ordinal)))]) + "\n";

    /// <summary>Serializes through the JSON contract (which refuses NaN and infinity) and returns the text.</summary>
    public static string Contract<T>(T response) => ContractJson.Serialize(response);

    /// <summary>Every number in the JSON text reads back as a finite double.</summary>
    public static void AssertFiniteNumbers(string json)
    {
        using var doc = JsonDocument.Parse(json);
        Walk(doc.RootElement);

        static void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        Walk(p.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var x in e.EnumerateArray())
                    {
                        Walk(x);
                    }

                    break;
                case JsonValueKind.Number:
                    Assert.True(double.IsFinite(e.GetDouble()), e.GetRawText());
                    break;
            }
        }
    }

    /// <summary>No message or fix of an application problem names a command-line flag or command.</summary>
    public static void AssertNoCliWords(IEnumerable<Core.Problems.Problem> problems)
    {
        foreach (var p in problems)
        {
            Assert.DoesNotContain("--", p.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("iwall ", p.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("--", p.Fix ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain("iwall ", p.Fix ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain("--", p.Path, StringComparison.Ordinal);
        }
    }
}
