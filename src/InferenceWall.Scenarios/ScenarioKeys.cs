namespace InferenceWall.Scenarios;

/// <summary>The keys a scenario file may hold, per section. The JSON Schema (scenarios/scenario.schema.json) lists the same; a test keeps them in step.</summary>
public static class ScenarioKeys
{
    public static readonly string[] Root = ["name", "description", "horizon_days", "product", "capacity", "users", "pricing", "other_costs", "energy", "value_chain", "simulation"];
    public static readonly string[] Product = ["model", "gpu", "gpus_per_clip", "parallel", "precision", "offload", "stack", "compiled", "text_encoder_on_cpu", "attention_kernel", "attention_keep", "computed_step_share", "batch_size", "upscaler", "generate_height_px", "utilization", "clip_mix"];
    public static readonly string[] Parallel = ["ulysses", "ring", "cfg_parallel", "tensor_parallel", "shard_weights"];
    public static readonly string[] ClipMix = ["share", "width_px", "height_px", "seconds", "fps", "steps", "cfg"];
    public static readonly string[] Capacity = ["provider", "owned", "mix", "usd_per_gpu_hour"];
    public static readonly string[] CapacityClasses = ["reserved", "on_demand", "spot"];
    public static readonly string[] User = ["tier", "users", "clips_per_user_per_day", "plan"];
    public static readonly string[] Plan = ["name", "kind", "usd_per_clip", "usd_per_video_second", "usd_per_month", "included_clips_per_month", "overage_usd_per_clip", "minimum_usd_per_month"];
    public static readonly string[] OtherCosts = ["storage_usd_per_clip", "egress_usd_per_clip", "fixed_usd_per_day"];
    public static readonly string[] Energy = ["electricity_usd_per_kwh", "pue"];
    public static readonly string[] ValueChain = ["gpu_capex_usd", "amortization_years", "chip_vendor_gross_margin"];
    public static readonly string[] Simulation =
    [
        "duration_s", "hourly_weights", "bursts", "variability", "variability_cv", "max_queue_length", "sample_interval_s", "provisioning_delay_s",
        "load_gbps", "spot_preemptions_per_hour", "reserved_replicas", "initial_replicas", "autoscaler", "tiers", "batch_size",
    ];
    public static readonly string[] Burst = ["start_s", "duration_s", "multiplier"];
    public static readonly string[] Autoscaler = ["policy", "target", "interval_s", "min_replicas", "max_replicas", "spot_share"];
    public static readonly string[] SimTier = ["tier", "priority", "slo_s", "timeout_s"];
}
