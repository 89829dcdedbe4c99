using System.Collections.Immutable;
using InferenceWall.Analysis.Calibration;
using InferenceWall.Core;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application.Validate;

/// <summary>
/// Predicts every row of a measurement file, with the engine data's calibration or (leave-one-model-out) with a fit
/// on the other models' rows, and reports the median and P90 absolute percentage error over the scored rows.
/// </summary>
public static class ValidateUseCase
{
    public static Outcome<ValidateResponse> Run(ValidateRequest request, EngineData data, IProgress<ValidateProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var (rows, problems) = MeasurementSet.Read(request.MeasurementsName, request.MeasurementsCsv, data.Catalog);
        if (problems.Length > 0)
        {
            return Outcome<ValidateResponse>.Fail(problems);
        }

        var report = request.LeaveOneModelOut
            ? LeaveOneModelOut.Run(rows, (model, index, count) => progress?.Report(new ValidateProgress(model, index, count)), cancel)
            : Validation.Run(rows, data.Calibration);
        if (report.MedianAbsPctError is not { } median || report.P90AbsPctError is not { } p90)
        {
            // Infeasible (exit 3), not bad input (exit 2): every row parsed and is a valid measurement (a memory-only
            // row, a run on an unstated GPU, one with placeholder degrees are all legitimate data); the file simply
            // holds no row that can be scored, so "how large is the error" has no answer for it.
            return Outcome<ValidateResponse>.Fail(Problem.Infeasible(Calibrator.MeasurementsPath, NoScoredRows(rows.Length, report),
                "add rows with a known GPU, stated parallel degrees (parallel_known true), stated steps and a latency the cost model can predict"));
        }

        return Outcome<ValidateResponse>.Ok(new ValidateResponse
        {
            Method = request.LeaveOneModelOut ? "leave_one_model_out" : "calibration: " + data.Calibration.FittedOn,
            ScoredRows = report.ScoredRows,
            MedianAbsPctError = median,
            P90AbsPctError = p90,
            Rows = [.. report.Rows.Select(r => new ValidatedRow
            {
                Id = r.Id,
                Model = r.Model,
                Gpu = r.Gpu,
                NumGpus = r.NumGpus,
                Scope = r.Scope,
                MeasuredS = r.MeasuredSeconds,
                PredictedS = r.PredictedSeconds,
                AbsPctError = r.AbsPctError,
                Scored = r.Scored,
                Lever = r.Lever,
                Assumptions = r.Assumptions,
            })],
            LeverRows = report.LeverRows is { } l ? new LeverRowsError { Rows = l.Rows, MedianAbsPctError = l.MedianAbsPctError, P90AbsPctError = l.P90AbsPctError } : null,
            Skipped = Skipped(report.Skipped),
            Breakdown = Breakdown(ErrorBreakdown.Of(report, rows.Select(r => r.Measurement))),
            PeakMemory = PeakMemory(Validation.Memory(rows)),
        });
    }

    private static LatencyBreakdown Breakdown(ErrorBreakdown b)
    {
        static ImmutableArray<LatencyGroup> Of(ImmutableArray<ErrorGroup> groups) =>
            [.. groups.Select(g => new LatencyGroup { Name = g.Name, Rows = g.Rows, MedianAbsPctError = g.MedianAbsPctError, P90AbsPctError = g.P90AbsPctError, MedianRatio = g.MedianBias })];
        return new LatencyBreakdown { ByModel = Of(b.ByModel), ByGpu = Of(b.ByGpu), ByPlan = Of(b.ByPlan), ByStack = Of(b.ByStack) };
    }

    private static PeakMemoryValidation PeakMemory(MemoryValidation memory) => new()
    {
        Rows = memory.Rows.Length,
        MedianAbsPctError = memory.MedianAbsPctError,
        P90AbsPctError = memory.P90AbsPctError,
        ByGpuFamily = Groups(memory.ByGpuFamily),
        ByModel = Groups(memory.ByModel),
        Predicted = [.. memory.Rows.Select(r => new PeakMemoryRow
        {
            Id = r.Id,
            Model = r.Model,
            Gpu = r.Gpu,
            GpuFamily = r.GpuFamily,
            NumGpus = r.NumGpus,
            MeasuredGb = r.MeasuredGb,
            PredictedGb = r.PredictedGb,
            PctError = r.PctError,
            AbsPctError = r.AbsPctError,
            WeightsGb = r.Parts.Weights / Units.Giga,
            ActivationsGb = r.Parts.Activations / Units.Giga,
            TextEncoderGb = r.Parts.TextEncoder / Units.Giga,
            DecodePeakGb = r.Parts.DecodePeak / Units.Giga,
            PeakPhase = r.Parts.PeakPhase,
            Assumptions = r.Assumptions,
        })],
        Skipped = Skipped(memory.Skipped),
    };

    private static ImmutableArray<PeakMemoryGroup> Groups(ImmutableArray<ErrorGroup> groups) =>
        [.. groups.Select(g => new PeakMemoryGroup { Name = g.Name, Rows = g.Rows, MedianAbsPctError = g.MedianAbsPctError, P90AbsPctError = g.P90AbsPctError, MedianPctError = g.MedianBias })];

    private static ImmutableArray<SkippedMeasurement> Skipped(ImmutableArray<SkippedRow> skipped) =>
        [.. skipped.Select(s => new SkippedMeasurement { Id = s.Id, Line = s.Line, Reason = s.Reason })];

    private static string NoScoredRows(int read, ValidationReport report)
    {
        if (read == 0)
        {
            return "no row can be scored: the measurements hold no rows, only a header";
        }

        var text = $"no row can be scored: {Count(read)} read, {report.Rows.Length} predicted but not scored (parallel degrees not stated), {report.Skipped.Length} skipped";
        const int Shown = 3;
        var reasons = report.Skipped.GroupBy(s => s.Reason, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(Shown).Select(g => $"{g.Key} ({Count(g.Count())}, line {g.First().Line})").ToList();
        return reasons.Count == 0 ? text : $"{text}: {string.Join("; ", reasons)}";
    }

    private static string Count(int n) => n == 1 ? "1 row" : $"{n:N0} rows";
}
