using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Economics;

namespace InferenceWall.Core;

/// <summary>The one spelling of every closed vocabulary, in inputs and outputs alike.</summary>
public static class Words
{
    public static Vocabulary<Precision> Precision { get; } = new("precision",
        (Core.Precision.Bf16, "bf16"), (Core.Precision.Fp16, "fp16"), (Core.Precision.Fp8, "fp8"), (Core.Precision.Int8, "int8"), (Core.Precision.Fp8Weight, "fp8_weight"), (Core.Precision.Fp4, "fp4"));

    public static Vocabulary<OffloadMode> Offload { get; } = new("offload mode",
        (OffloadMode.None, "none"), (OffloadMode.Model, "model"), (OffloadMode.Sequential, "sequential"), (OffloadMode.Block, "block"));

    public static Vocabulary<CapacityClass> Capacity { get; } = new("capacity class",
        (CapacityClass.Reserved, "reserved"), (CapacityClass.OnDemand, "on_demand"), (CapacityClass.Spot, "spot"));

    public static Vocabulary<AttentionKernel> AttentionKernel { get; } = new("attention kernel",
        (Cost.AttentionKernel.Default, "default"), (Cost.AttentionKernel.FlashAttention2, "fa2"), (Cost.AttentionKernel.FlashAttention3, "fa3"),
        (Cost.AttentionKernel.SageAttention2, "sage2"), (Cost.AttentionKernel.CuDnn, "cudnn"));

    public static Vocabulary<Phase> Phase { get; } = new("phase",
        (Cost.Phase.TextEncode, "text_encode"), (Cost.Phase.Denoise, "denoise"), (Cost.Phase.VaeDecode, "vae_decode"),
        (Cost.Phase.OffloadTransfer, "offload_transfer"), (Cost.Phase.Overhead, "overhead"), (Cost.Phase.Upscale, "upscale"));

    public static Vocabulary<PlanKind> PlanKind { get; } = new("pricing plan kind",
        (Economics.PlanKind.Free, "free"), (Economics.PlanKind.PerClip, "per_clip"), (Economics.PlanKind.PerSecond, "per_second"),
        (Economics.PlanKind.Subscription, "subscription"), (Economics.PlanKind.Enterprise, "enterprise"));

    public static Vocabulary<Variability> Variability { get; } = new("service-time variability",
        (Economics.Variability.Deterministic, "deterministic"), (Economics.Variability.Exponential, "exponential"), (Economics.Variability.LogNormal, "lognormal"));

    public static Vocabulary<AutoscalePolicy> AutoscalePolicy { get; } = new("autoscaler policy",
        (Economics.AutoscalePolicy.TargetUtilization, "target_utilization"), (Economics.AutoscalePolicy.QueueLength, "queue_length"));

    public static Vocabulary<LeverKind> LeverKind { get; } = new("lever kind",
        (Catalog.LeverKind.Gpu, "gpu"), (Catalog.LeverKind.Provider, "provider"), (Catalog.LeverKind.Capacity, "capacity"), (Catalog.LeverKind.Utilization, "utilization"), (Catalog.LeverKind.Plan, "plan"),
        (Catalog.LeverKind.Precision, "precision"), (Catalog.LeverKind.Distill, "distill"), (Catalog.LeverKind.CfgOff, "cfg_off"),
        (Catalog.LeverKind.AttentionKernel, "attention_kernel"), (Catalog.LeverKind.SparseAttention, "sparse_attention"),
        (Catalog.LeverKind.StepCache, "step_cache"), (Catalog.LeverKind.Compile, "compile"), (Catalog.LeverKind.Batching, "batching"), (Catalog.LeverKind.Resolution, "resolution"));

}
