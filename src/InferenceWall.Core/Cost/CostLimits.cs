using System.Globalization;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Cost;

/// <summary>
/// The stated limits of one clip-cost estimate, checked on 64-bit values before anything becomes an <c>int</c>.
/// Past a limit the answer is <see cref="ProblemKind.LimitExceeded"/> with the limit in the message.
/// </summary>
public static class CostLimits
{
    /// <summary>Largest width or height in pixels (16K; today's open models generate at most 1080p or 4K).</summary>
    public const int MaxPixels = 16_384;

    /// <summary>Most frames in one clip (over an hour at 24 fps; open models generate up to a few hundred).</summary>
    public const int MaxFrames = 100_000;

    /// <summary>Most denoising steps (samplers use 1 to about 100).</summary>
    public const int MaxSteps = 10_000;

    /// <summary>Most GPUs working on one clip, and so the largest parallel degree.</summary>
    public const int MaxGpus = 1_024;

    /// <summary>The most clips one forward pass batches (the simulator's fleet batch limit).</summary>
    public const int MaxBatchSize = 64;

    /// <summary>Smallest share of paid GPU time that generates (0.1%); below it the cost per clip has no meaning.</summary>
    public const double MinUtilization = 0.001;

    /// <summary>Largest data-centre PUE (the worst facilities surveyed run near 2.5).</summary>
    public const double MaxPue = 5;

    /// <summary>Largest price of GPU time, $/GPU-hour (list prices run $0.3 to $20).</summary>
    public const double MaxUsdPerGpuHour = 10_000;

    public static Problem? Width(long pixels) => Count("width", pixels, MaxPixels, "pixels", "for example 1280");

    public static Problem? Height(long pixels) => Count("height", pixels, MaxPixels, "pixels", "for example 720");

    public static Problem? Frames(long frames) => Count("frames", frames, MaxFrames, "frames", "81 frames is 5 s at 16 fps");

    public static Problem? Steps(long steps) => Count("steps", steps, MaxSteps, "steps", "most samplers use 4 to 50");

    /// <summary>A GPU count or a parallel degree at <paramref name="path"/> (<c>gpus</c>, <c>ulysses</c>, ...).</summary>
    public static Problem? Degree(string path, long value) => Count(path, value, MaxGpus, "GPUs", null);

    /// <summary>Every limit problem of a clip's size, length and steps.</summary>
    public static IEnumerable<Problem> Clip(long width, long height, long frames, long steps) =>
        new[] { Width(width), Height(height), Frames(frames), Steps(steps) }.OfType<Problem>();

    /// <summary>A whole count that must be at least 1 and at most <paramref name="max"/>.</summary>
    public static Problem? Count(string path, long value, long max, string unit, string? example)
    {
        if (value < 1)
        {
            return Problem.BadInput(path, $"{path} is {N(value)}; it must be at least 1", example is null ? null : $"give a positive number ({example})");
        }

        return value > max
            ? Problem.LimitExceeded(path, $"{path} is {N(value)}; the limit is {N(max)} {unit}", $"give at most {N(max)}")
            : null;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
