using InferenceWall.Analysis.Calibration;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;

namespace InferenceWall.Analysis.Tests.Calibration;

/// <summary>The measurement format's stack column and offload and precision words, and how the preparer maps them.</summary>
public class MeasurementStackTests
{
    private static readonly VideoCatalog Catalog = EmbeddedData.Catalog();

    /// <summary>One row of the format; the named cells replace the defaults.</summary>
    internal static string Row(string id, string stack = "diffusers", string offload = "false", string precision = "bf16", string compiled = "false",
        string latency = "100", string source = "src", string gpu = "H100-SXM", string scope = "end_to_end") =>
        $"{id},Wan2.1-T2V-1.3B,t2v,{gpu},H100,1,1,1,1,1,true,832,480,81,50,true,{precision},{offload},none,default,{compiled},{stack},{scope},{latency},false,,{source},";

    private static Measurement One(string row, VideoCatalog? catalog = null)
    {
        var (rows, errors) = MeasurementCsv.Parse("m.csv", MeasurementCsvTests.Header + "\n" + row + "\n", catalog ?? Catalog);
        Assert.Empty(errors);
        return Assert.Single(rows);
    }

    [Fact]
    public void Prepare_VaeDecodeScope_PredictsTheDecodePhaseAlone()
    {
        var prepared = MeasurementPreparer.Prepare(One(Row("r-1", scope: "vae_decode", latency: "2.5")), Catalog);
        var calibration = CostCalibration.Shipped();

        var predicted = prepared.Predict(calibration, out _);

        var decode = ClipCost.Estimate(prepared.Request!, calibration).Estimate!.Seconds(Phase.VaeDecode);
        Assert.Equal(MeasurementScope.VaeDecode, prepared.Measurement.Scope);
        Assert.Equal(decode, predicted);
        Assert.True(decode is > 0.5 and < 10, $"{decode} s");
    }

    [Fact]
    public void Prepare_T5CpuInNotes_PutsTheTextEncoderOnTheHost()
    {
        var row = Row("r-1");
        var onCpu = MeasurementPreparer.Prepare(One(row + "--offload_model True --t5_cpu"), Catalog).Request!;
        var onGpu = MeasurementPreparer.Prepare(One(row + "offload_model"), Catalog).Request!;

        Assert.True(onCpu.TextEncoderOnCpu);
        Assert.False(onGpu.TextEncoderOnCpu);
    }

    [Fact]
    public void Parse_UnknownStack_ErrorWithLineFieldAndTheKnownIds()
    {
        var text = MeasurementCsvTests.Header + "\n" + Row("r-1") + "\n" + Row("r-2", stack: "difusers") + "\n";

        var (rows, errors) = MeasurementCsv.Parse("m.csv", text, Catalog);

        Assert.Equal("r-1", Assert.Single(rows).Id);
        var e = Assert.Single(errors);
        Assert.Equal(3, e.Location!.Line);
        Assert.Equal("stack", e.Path);
        Assert.Contains("'difusers'", e.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'diffusers'", e.Message, StringComparison.Ordinal);
        Assert.All(Catalog.Stacks, s => Assert.Contains(s.Id, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EmptyStack_IsAnError()
    {
        var (_, errors) = MeasurementCsv.Parse("m.csv", MeasurementCsvTests.Header + "\n" + Row("r-1", stack: "") + "\n");
        Assert.Contains(errors, e => e.Location!.Line == 2 && e.Path == "stack");
    }

    [Fact]
    public void Parse_WithoutStackColumn_NamesTheMissingColumn()
    {
        var header = MeasurementCsvTests.Header.Replace(",stack,", ",", StringComparison.Ordinal);
        var (_, errors) = MeasurementCsv.Parse("m.csv", header + "\n");
        Assert.Contains(errors, e => e.Path == "stack" && e.Location!.Line == 1);
    }

    [Theory]
    [InlineData("false", MeasuredOffload.None)]
    [InlineData("true", MeasuredOffload.Unstated)]
    [InlineData("model", MeasuredOffload.Model)]
    [InlineData("block", MeasuredOffload.Block)]
    [InlineData("sequential", MeasuredOffload.Sequential)]
    public void Parse_OffloadWords(string word, MeasuredOffload expected) =>
        Assert.Equal(expected, One(Row("r-1", offload: word)).Offload);

    [Fact]
    public void Parse_UnknownOffloadWord_ListsTheWords()
    {
        var (_, errors) = MeasurementCsv.Parse("m.csv", MeasurementCsvTests.Header + "\n" + Row("r-1", offload: "layer") + "\n");
        var e = Assert.Single(errors);
        Assert.Equal("offload", e.Path);
        Assert.Contains("false, true, model, block, sequential", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("false", OffloadMode.None)]
    [InlineData("model", OffloadMode.Model)]
    [InlineData("block", OffloadMode.Block)]
    [InlineData("sequential", OffloadMode.Sequential)]
    public void Prepare_OffloadWord_IsTheRequestsOffloadMode(string word, OffloadMode expected) =>
        Assert.Equal(expected, MeasurementPreparer.Prepare(One(Row("r-1", offload: word, gpu: "RTX-4090")), Catalog).Request!.Offload);

    [Fact]
    public void Prepare_OffloadTrue_IsWholeModelWhereItFits_StreamedWhereItDoesNot()
    {
        // The 1.3B model fits a 24 GB card component by component; the 14B transformer alone does not.
        var small = MeasurementPreparer.Prepare(One(Row("r-1", offload: "true", gpu: "RTX-4090")), Catalog);
        var big = MeasurementPreparer.Prepare(One(Row("r-2", offload: "true", gpu: "RTX-4090").Replace("Wan2.1-T2V-1.3B", "Wan2.1-T2V-14B", StringComparison.Ordinal)), Catalog);

        Assert.Equal(OffloadMode.Model, small.Request!.Offload);
        Assert.Equal(OffloadMode.Sequential, big.Request!.Offload);
        Assert.Contains("sequential", big.Assumptions, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_StackAndCompile_GoOnTheRequest()
    {
        var eager = MeasurementPreparer.Prepare(One(Row("r-1", stack: "xfuser")), Catalog).Request!;
        var compiled = MeasurementPreparer.Prepare(One(Row("r-2", stack: "lightx2v", compiled: "true")), Catalog).Request!;

        Assert.Equal("xdit", eager.Stack!.Id);
        Assert.False(eager.Compiled);
        Assert.Equal("lightx2v", compiled.Stack!.Id);
        Assert.True(compiled.Compiled);
    }

    [Fact]
    public void Prepare_StackTheCatalogLacks_SkipsNamingStacksCsv()
    {
        // Parsed without a catalog the stack is free text; the preparer still refuses a name the catalog lacks.
        var (rows, errors) = MeasurementCsv.Parse("m.csv", MeasurementCsvTests.Header + "\n" + Row("r-1", stack: "turbo-stack") + "\n");
        Assert.Empty(errors);

        var prepared = MeasurementPreparer.Prepare(Assert.Single(rows), Catalog);

        Assert.Null(prepared.Request);
        Assert.Contains("unknown stack 'turbo-stack'", prepared.SkipReason, StringComparison.Ordinal);
        Assert.Contains("stacks.csv", prepared.SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_Fp8Weight_IsWeightOnlyFp8()
    {
        var m = One(Row("r-1", precision: "fp8_weight"));
        Assert.Equal("fp8_weight", m.Precision);
        Assert.Equal(Precision.Fp8Weight, MeasurementPreparer.Prepare(m, Catalog).Request!.Precision);
    }

    [Fact]
    public void Shipped_EveryRowNamesACatalogStack()
    {
        var path = RepoPaths.Of("data", "measurements", "calibration.csv");
        var (rows, errors) = MeasurementCsv.Parse(path, File.ReadAllText(path), Catalog);

        Assert.Empty(errors);
        Assert.Equal(233, rows.Length);
        Assert.All(rows, r => Assert.NotNull(Catalog.FindStack(r.Stack).Value));
        Assert.Contains(rows, r => r.Offload == MeasuredOffload.Block);
    }
}
