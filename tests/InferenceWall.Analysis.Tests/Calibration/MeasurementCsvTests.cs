using InferenceWall.Analysis.Calibration;

namespace InferenceWall.Analysis.Tests.Calibration;

public class MeasurementCsvTests
{
    internal const string Header =
        "id,model,task,gpu,gpu_as_published,num_gpus,ulysses,ring,cfg_parallel,tensor_parallel,parallel_known,width,height,frames,steps,cfg,precision,offload,step_cache,attention_kernel,compiled,stack,scope,latency_s,approximate,peak_mem_gb,source,notes";

    [Fact]
    public void Parse_ShippedCalibrationSet_ReadsEveryRowWithoutErrors()
    {
        var path = RepoPaths.Of("data", "measurements", "calibration.csv");
        var (rows, errors) = MeasurementCsv.Parse(path, File.ReadAllText(path));
        Assert.Empty(errors);
        Assert.Equal(233, rows.Length);
        Assert.Contains(rows, r => r.Scope == MeasurementScope.PerStep);
        Assert.Contains(rows, r => r.Scope == MeasurementScope.MemoryOnly && r.LatencySeconds is null);
    }

    [Fact]
    public void Parse_QuotedNotesWithCommas_KeepsThem()
    {
        var text = Header + "\r\nr-1,Wan2.1-T2V-1.3B,t2v,H100-SXM,H100,1,1,1,1,1,true,832,480,81,50,true,bf16,false,none,default,false,diffusers,end_to_end,100.5,false,,src,\"a, b and \"\"c\"\"\"\r\n";
        var (rows, errors) = MeasurementCsv.Parse("m.csv", text);
        Assert.Empty(errors);
        Assert.Equal("a, b and \"c\"", Assert.Single(rows).Notes);
    }

    [Fact]
    public void Parse_BadRows_ReportsEveryProblemWithLineAndColumn()
    {
        var text = Header + "\n" +
            "r-1,Wan2.1-T2V-1.3B,t2v,H100-SXM,H100,4,2,1,1,1,true,832,480,81,50,true,bf16,false,none,default,false,diffusers,end_to_end,100,false,,src,\n" +
            "r-2,Wan2.1-T2V-1.3B,t2v,H100-SXM,H100,1,1,1,1,1,yes,832,480,81,50,maybe,bf17,false,none,default,false,diffusers,whole,,false,,src,\n" +
            "r-2,Wan2.1-T2V-1.3B,t2v,H100-SXM,H100,1,1,1,1,1,true,832,480,81,50,true,bf16,false,none,default,false,diffusers,end_to_end,,false,,src,\n";

        var (rows, errors) = MeasurementCsv.Parse("m.csv", text);

        Assert.Empty(rows);
        Assert.Contains(errors, e => e.Location!.Line == 2 && e.Path == "num_gpus");
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "parallel_known");
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "cfg");
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "precision");
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Path == "scope");
        Assert.Contains(errors, e => e.Location!.Line == 4 && e.Path == "id" && e.Message.Contains("line 3", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Location!.Line == 4 && e.Path == "latency_s");
    }

    [Fact]
    public void Parse_UnknownColumn_SuggestsNearest()
    {
        var (_, errors) = MeasurementCsv.Parse("m.csv", Header.Replace("latency_s", "latency_sec", StringComparison.Ordinal) + "\n");
        Assert.Contains(errors, e => e.Path == "latency_sec" && e.Message.Contains("latency_s", StringComparison.Ordinal));
    }
}
