using System.Text.Json;
using InferenceWall.Core;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;

namespace InferenceWall.Scenarios.Tests;

public class ScenarioYamlTests
{
    public static TheoryData<string> ScenarioFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepoPaths.Of("scenarios"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScenarioFiles))]
    public void ShippedScenario_ParsesAndEvaluates(string file)
    {
        var path = RepoPaths.Of("scenarios", file);
        var (scenario, errors) = ScenarioYaml.Parse(path, File.ReadAllText(path));
        Assert.Empty(errors);

        var (result, problems) = UnitEconomics.Evaluate(scenario!, EmbeddedData.Catalog(), CostCalibration.Shipped());

        Assert.Empty(problems);
        Assert.True(result!.ClipsPerDay > 0);
        Assert.True(result.CostPerClipUsd > 0);
        Assert.True(result.RevenueUsdPerDay >= 0);
    }

    [Fact]
    public void ShippedScenarios_AreThreeOrMore()
    {
        Assert.True(ScenarioFiles().Count >= 3);
    }

    [Fact]
    public void Parse_SeveralMistakes_ReportsAllWithLineColumnPathAndFix()
    {
        const string yaml = """
            name: broken
            product:
              modle: wan2.1-t2v-14b
              gpu: H100-SXM
              utilization: 1.5
              clip_mix:
                - share: 0.5
                  width_px: 1280
                  height_px: 720
                  seconds: five
                  fps: 16
            capacity:
              provider: lambda
              mix: { on_demand: 0.5 }
            users:
              - tier: free
                users: 10
                clips_per_user_per_day: 1
                plan: free
            pricing:
              - name: free
                kind: gratis
            """;

        var (scenario, errors) = ScenarioYaml.Parse("bad.yaml", yaml);

        Assert.Null(scenario);
        Assert.Contains(errors, e => e.Path == "product.modle" && e.Location!.Line == 3 && e.Location!.Column == 3 && e.Message.Contains("did you mean 'model'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "product.model" && e.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "product.utilization" && e.Location!.Line == 5);
        Assert.Contains(errors, e => e.Path == "product.clip_mix[0].seconds" && e.Location!.Line == 10 && e.Message.Contains("'five' is not a number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "capacity.mix" && e.Text.Contains("add up to 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "pricing[0].kind" && e.Message.Contains("subscription", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.StartsWith("bad.yaml", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_InvalidYaml_ReportsLineAndColumn()
    {
        var (_, errors) = ScenarioYaml.Parse("bad.yaml", "name: x\nproduct: [unclosed\n");
        var e = Assert.Single(errors);
        Assert.NotNull(e.Location!.Line);
        Assert.Contains("not valid YAML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ParallelDegreesThatDoNotMultiply_NamesTheKeys()
    {
        var path = RepoPaths.Of("scenarios", "startup-720p-h100.yaml");
        var text = File.ReadAllText(path).Replace("ulysses: 4", "ulysses: 2", StringComparison.Ordinal);
        var (_, errors) = ScenarioYaml.Parse(path, text);
        Assert.Contains(errors, e => e.Path == "product.parallel" && e.Message.Contains("gpus_per_clip is 4", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_UnknownPlanAndModel_SuggestNearest()
    {
        var path = RepoPaths.Of("scenarios", "startup-720p-h100.yaml");
        var text = File.ReadAllText(path).Replace("plan: creator", "plan: creater", StringComparison.Ordinal);
        var (_, errors) = ScenarioYaml.Parse(path, text);
        Assert.Contains(errors, e => e.Path.EndsWith(".plan", StringComparison.Ordinal) && e.Fix!.Contains("'creator'", StringComparison.Ordinal) && e.Location!.Line is not null);
        var (scenario, none) = ScenarioYaml.Parse(path, File.ReadAllText(path));
        Assert.Empty(none);
        var (_, problems) = UnitEconomics.Evaluate(scenario! with { Product = scenario.Product with { Model = "wan2.1-t2v-14" } }, EmbeddedData.Catalog(), CostCalibration.Shipped());
        Assert.Contains(problems, p => p.Path == "product.model" && p.ToString().Contains("wan2.1-t2v-14b", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_ListsExactlyTheKeysTheParserAccepts()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Of("scenarios", "scenario.schema.json")));
        var root = doc.RootElement;
        static string[] Keys(JsonElement e) => [.. e.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
        static string[] Sorted(string[] a) => [.. a.Order(StringComparer.Ordinal)];
        var p = root.GetProperty("properties");
        Assert.Equal(Sorted(ScenarioKeys.Root), Keys(root));
        Assert.Equal(Sorted(ScenarioKeys.Product), Keys(p.GetProperty("product")));
        Assert.Equal(Sorted(ScenarioKeys.Parallel), Keys(p.GetProperty("product").GetProperty("properties").GetProperty("parallel")));
        Assert.Equal(Sorted(ScenarioKeys.ClipMix), Keys(p.GetProperty("product").GetProperty("properties").GetProperty("clip_mix").GetProperty("items")));
        Assert.Equal(Sorted(ScenarioKeys.Capacity), Keys(p.GetProperty("capacity")));
        Assert.Equal(Sorted(ScenarioKeys.User), Keys(p.GetProperty("users").GetProperty("items")));
        Assert.Equal(Sorted(ScenarioKeys.Plan), Keys(p.GetProperty("pricing").GetProperty("items")));
        Assert.Equal(Sorted(ScenarioKeys.OtherCosts), Keys(p.GetProperty("other_costs")));
        Assert.Equal(Sorted(ScenarioKeys.Energy), Keys(p.GetProperty("energy")));
        Assert.Equal(Sorted(ScenarioKeys.ValueChain), Keys(p.GetProperty("value_chain")));
        var sim = p.GetProperty("simulation");
        Assert.Equal(Sorted(ScenarioKeys.Simulation), Keys(sim));
        Assert.Equal(Sorted(ScenarioKeys.Burst), Keys(sim.GetProperty("properties").GetProperty("bursts").GetProperty("items")));
        Assert.Equal(Sorted(ScenarioKeys.Autoscaler), Keys(sim.GetProperty("properties").GetProperty("autoscaler")));
        Assert.Equal(Sorted(ScenarioKeys.SimTier), Keys(sim.GetProperty("properties").GetProperty("tiers").GetProperty("items")));
    }

    private const string WithStack = """
        name: stacked
        product:
          model: wan2.1-t2v-14b
          gpu: H100-SXM
          precision: fp8_weight
          offload: block
          stack: xdit
          compiled: COMPILED
          text_encoder_on_cpu: true
          clip_mix:
            - { share: 1, width_px: 1280, height_px: 720, seconds: 5, fps: 16 }
        capacity:
          provider: lambda
        users:
          - { tier: free, users: 10, clips_per_user_per_day: 1, plan: free }
        pricing:
          - { name: free, kind: free }
        simulation:
          provisioning_delay_s: 120
          load_gbps: LOAD
        """;

    [Fact]
    public void Parse_StackCompiledAndLoadBandwidth_Read()
    {
        var (scenario, errors) = ScenarioYaml.Parse("s.yaml", WithStack.Replace("COMPILED", "false", StringComparison.Ordinal).Replace("LOAD", "3.2", StringComparison.Ordinal));

        Assert.Empty(errors);
        Assert.Equal(("xdit", (bool?)false), (scenario!.Product.Stack, scenario.Product.Compiled));
        Assert.True(scenario.Product.TextEncoderOnCpu);
        Assert.Equal((Precision.Fp8Weight, OffloadMode.Block), (scenario.Product.Precision, scenario.Product.Offload));
        Assert.Equal((120.0, 3.2), (scenario.Simulation!.ProvisioningDelaySeconds, scenario.Simulation.LoadGbps));

        var (plain, _) = ScenarioYaml.Parse("s.yaml", WithStack.Replace("  stack: xdit\n  compiled: COMPILED\n", string.Empty, StringComparison.Ordinal)
            .Replace("\n  load_gbps: LOAD", string.Empty, StringComparison.Ordinal));
        Assert.Equal((null, (bool?)null), (plain!.Product.Stack, plain.Product.Compiled));
        Assert.True(plain.Product.TextEncoderOnCpu);
        var (onGpu, _) = ScenarioYaml.Parse("s.yaml", WithStack.Replace("COMPILED", "false", StringComparison.Ordinal).Replace("LOAD", "3.2", StringComparison.Ordinal)
            .Replace("  text_encoder_on_cpu: true\n", string.Empty, StringComparison.Ordinal));
        Assert.False(onGpu!.Product.TextEncoderOnCpu);
        Assert.Equal(ModelLoading.DefaultLoadGbps, plain.Simulation!.LoadGbps);
    }

    [Theory]
    [InlineData("attention_kernel: flash9", "product.attention_kernel", "sage2")]
    [InlineData("attention_keep: 0", "product.attention_keep", "out of range")]
    [InlineData("attention_keep: 1.5", "product.attention_keep", "out of range")]
    [InlineData("attention_keep: .nan", "product.attention_keep", "")]
    [InlineData("attention_keep: lots", "product.attention_keep", "")]
    [InlineData("computed_step_share: -0.2", "product.computed_step_share", "out of range")]
    [InlineData("computed_step_share: 1e400", "product.computed_step_share", "")]
    [InlineData("text_encoder_on_cpu: sometimes", "product.text_encoder_on_cpu", "")]
    [InlineData("batch_size: 0", "product.batch_size", "from 1 to 64")]
    [InlineData("batch_size: 65", "product.batch_size", "from 1 to 64")]
    [InlineData("batch_size: 2.5", "product.batch_size", "")]
    [InlineData("upscaler: seedvr2-3b", "product.upscaler", "needs product.generate_height_px")]
    [InlineData("generate_height_px: 480", "product.generate_height_px", "needs product.upscaler")]
    [InlineData("generate_height_px: 10\n  upscaler: seedvr2-3b", "product.generate_height_px", "from 64 to 16,384")]
    [InlineData("generate_height_px: 1e9\n  upscaler: seedvr2-3b", "product.generate_height_px", "")]
    public void Parse_BadLeverFields_NameThePathAndLine(string line, string path, string words)
    {
        var text = WithStack.Replace("COMPILED", "false", StringComparison.Ordinal).Replace("LOAD", "3.2", StringComparison.Ordinal)
            .Replace("  text_encoder_on_cpu: true\n", "  " + line + "\n", StringComparison.Ordinal);

        var (scenario, errors) = ScenarioYaml.Parse("s.yaml", text);

        Assert.Null(scenario);
        var e = Assert.Single(errors, e => e.Path == path);
        Assert.Equal(9, e.Location!.Line);
        Assert.Contains(words, e.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadCompiledAndLoadBandwidth_LineAndPath()
    {
        var (scenario, errors) = ScenarioYaml.Parse("s.yaml", WithStack.Replace("COMPILED", "maybe", StringComparison.Ordinal).Replace("LOAD", "-1", StringComparison.Ordinal));

        Assert.Null(scenario);
        Assert.Contains(errors, e => e.Path == "product.compiled" && e.Location!.Line == 8);
        Assert.Contains(errors, e => e.Path == "simulation.load_gbps" && e.Location!.Line == 20 && e.Text.Contains("GB/s", StringComparison.Ordinal));
    }
}
