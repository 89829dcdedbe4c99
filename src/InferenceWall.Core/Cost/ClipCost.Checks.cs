namespace InferenceWall.Core.Cost;

public static partial class ClipCost
{
    /// <summary>Every reason the request cannot be costed, or null when it can.</summary>
    private static List<string>? Check(CostRequest r)
    {
        List<string>? problems = null;
        void Add(string text) => (problems ??= []).Add(text);

        var missing = r.Model.MissingArchitecture();
        if (missing.Count > 0)
        {
            Add($"{r.Model.Id}: the catalog lacks {string.Join(", ", missing)} for this model (not found in its sources); add them with --catalog DIR");
        }

        var clip = r.Clip;
        if (clip.WidthPixels < 1 || clip.HeightPixels < 1)
        {
            Add("--resolution: width and height must be positive pixel counts, for example 1280x720");
        }

        if (clip.Frames < 1)
        {
            Add("--frames must be at least 1");
        }

        if (clip.Steps < 1)
        {
            Add("--steps must be at least 1");
        }

        foreach (var problem in r.Plan.Problems())
        {
            Add(problem);
        }

        var cfg = clip.Cfg ?? r.Model.UsesCfg;
        if (r.Plan.CfgParallel == 2 && !cfg)
        {
            Add("--cfg-parallel 2 needs classifier-free guidance, but it is off for this clip (guidance-distilled model or --cfg false)");
        }

        if (r.Gpu.PeakFlopsPerSecond(r.Precision) is null)
        {
            Add($"--precision {Words.Precision.Word(r.Precision)}: {r.Gpu.Id} has no {Words.Precision.Word(r.Precision)} peak in the catalog (no hardware support, or not published); use bf16");
        }

        if (r.Plan.Gpus > 1 && r.Gpu.GpuLinkBandwidthBytesPerSecond is null)
        {
            Add($"{r.Gpu.Id}: GPU-to-GPU bandwidth is not in the catalog, so multi-GPU communication cannot be costed; add gpu_link_bandwidth_gbps with --catalog DIR");
        }

        if (r.Offload != OffloadMode.None && r.Gpu.HostLinkBandwidthBytesPerSecond is null)
        {
            Add($"{r.Gpu.Id}: host link bandwidth is not in the catalog, so offload transfers cannot be costed; add host_link_bandwidth_gbps with --catalog DIR");
        }

        if (!double.IsFinite(r.Utilization) || r.Utilization <= 0 || r.Utilization > 1)
        {
            Add("--utilization must be in (0, 1]");
        }

        if (!double.IsFinite(r.Pue) || r.Pue < 1)
        {
            Add("--pue must be a number >= 1");
        }

        if (r.UsdPerGpuHour is { } p && (!double.IsFinite(p) || p < 0))
        {
            Add("the price must be a non-negative $/GPU-hour");
        }

        return problems;
    }
}
