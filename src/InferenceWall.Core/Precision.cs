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
