using System.Collections.Immutable;
using System.Text.Json.Serialization;
using InferenceWall.Analysis.Calibration;
using InferenceWall.Core.Cost;

namespace InferenceWall.Application.Calibrate;

/// <summary>A fitted calibration, how much of the file it used, and its in-sample error.</summary>
public sealed record CalibrateResponse
{
    /// <summary>What the constants were fitted on (recorded in the calibration).</summary>
    public required string FittedOn { get; init; }

    /// <summary>Measurement rows in the file.</summary>
    public required int RowsRead { get; init; }

    /// <summary>Rows the fit used: known GPU, stated degrees and steps, a configuration the cost model accepts.</summary>
    public required int RowsUsed { get; init; }

    /// <summary>Constants fitted (efficiencies, factors, VAE work, fixed time, parallel overhead).</summary>
    public required int ParametersFitted { get; init; }

    /// <summary>Rows left out of the fit, each with why.</summary>
    public ImmutableArray<ExcludedRow> ExcludedRows { get; init; } = [];

    /// <summary>The fitted constants: every efficiency within (0, 1] of peak, every number finite.</summary>
    public required CostCalibration Calibration { get; init; }

    /// <summary>The error of the fit on its own rows (optimistic: every row helped fit).</summary>
    public required ErrorSummary InSample { get; init; }

    /// <summary>The calibration file's text, as a calibration file is read back (the contract carries <see cref="Calibration"/>).</summary>
    [JsonIgnore]
    public string CalibrationJson { get; init; } = string.Empty;
}

/// <summary>Median and P90 absolute percentage error over scored rows; null with a reason where no row is scored.</summary>
public sealed record ErrorSummary
{
    public required int ScoredRows { get; init; }
    public double? MedianAbsPctError { get; init; }
    public double? P90AbsPctError { get; init; }

    /// <summary>Why there is no median or P90; null when there is.</summary>
    public string? NoValueReason { get; init; }
}
