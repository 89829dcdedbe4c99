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
    public static bool TryParse(string text, out Precision precision)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "bf16": precision = Precision.Bf16; return true;
            case "fp16": precision = Precision.Fp16; return true;
            case "fp8": precision = Precision.Fp8; return true;
            case "int8": precision = Precision.Int8; return true;
            default: precision = Precision.Bf16; return false;
        }
    }

    public static string Name(this Precision precision) => precision switch
    {
        Precision.Fp16 => "fp16",
        Precision.Fp8 => "fp8",
        Precision.Int8 => "int8",
        _ => "bf16",
    };
}
