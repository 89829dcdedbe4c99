namespace InferenceWall.Core;

/// <summary>Numeric precision of the diffusion transformer's matmuls.</summary>
public enum Precision
{
    Bf16,
    Fp16,
    Fp8,

    /// <summary>Int8 weight-only quantisation: 1-byte weights, matmuls at the 16-bit rate.</summary>
    Int8,
}

public static class PrecisionNames
{
    /// <summary>Precisions by the names used on the command line and in scenario files.</summary>
    public static IReadOnlyDictionary<string, Precision> ByName { get; } = new Dictionary<string, Precision>(StringComparer.Ordinal)
    {
        ["bf16"] = Precision.Bf16,
        ["fp16"] = Precision.Fp16,
        ["fp8"] = Precision.Fp8,
        ["int8"] = Precision.Int8,
    };

    public static string Name(this Precision precision) => precision switch
    {
        Precision.Fp16 => "fp16",
        Precision.Fp8 => "fp8",
        Precision.Int8 => "int8",
        _ => "bf16",
    };
}
