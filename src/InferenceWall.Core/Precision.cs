namespace InferenceWall.Core;

/// <summary>Numeric precision of the diffusion transformer's matmuls.</summary>
public enum Precision
{
    Bf16,
    Fp16,
    Fp8,

    /// <summary>Int8 weight-only quantisation: 1-byte weights, matmuls at the 16-bit rate.</summary>
    Int8,

    /// <summary>FP8 weight-only quantisation (e.g. torchao float8 weight-only): 1-byte weights, matmuls at the 16-bit rate.</summary>
    Fp8Weight,

    /// <summary>FP4 weights and activations (NVFP4 on Blackwell): half-byte weights, matmuls at the GPU's FP4 peak, attention at its FP8 peak.</summary>
    Fp4,
}
