using System.Collections.Immutable;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application;

/// <summary>Text inputs that add to or replace the shipped data: catalog CSV files and a calibration JSON.</summary>
public sealed record DataInputs
{
    /// <summary>Catalog files that add to or override the shipped ones (kind, name to report against, text).</summary>
    public ImmutableArray<CatalogFile> CatalogFiles { get; init; } = [];

    /// <summary>A calibration from <c>calibrate</c>; null takes the shipped one.</summary>
    public string? CalibrationJson { get; init; }

    /// <summary>The name problems in the calibration are reported against.</summary>
    public string CalibrationSource { get; init; } = "calibration";

    public static DataInputs Shipped { get; } = new();
}

/// <summary>The catalog and calibration every use case computes with.</summary>
public sealed record EngineData(VideoCatalog Catalog, CostCalibration Calibration)
{
    private static readonly Lazy<EngineData> ShippedData = new(() =>
        new EngineData(EmbeddedData.Catalog(), CostCalibration.Shipped()) { CatalogFiles = [.. EmbeddedData.CatalogFiles()] });

    /// <summary>
    /// The catalog files the catalog was parsed from, in order (the shipped ones, then overrides): parsing them again
    /// gives the same catalog, which is how a stored run keeps the prices it used. Empty for a catalog built in code.
    /// </summary>
    public ImmutableArray<CatalogFile> CatalogFiles { get; init; } = [];

    /// <summary>The shipped catalog and calibration (parsed once per process).</summary>
    public static EngineData Shipped => ShippedData.Value;

    /// <summary>The shipped data with the inputs' overrides, or every problem in them.</summary>
    public static Outcome<EngineData> Load(DataInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.CatalogFiles.IsEmpty && inputs.CalibrationJson is null)
        {
            return Outcome<EngineData>.Ok(Shipped);
        }

        var problems = new List<Problem>();
        var catalog = Shipped.Catalog;
        var files = Shipped.CatalogFiles;
        if (!inputs.CatalogFiles.IsEmpty)
        {
            files = [.. EmbeddedData.CatalogFiles().Concat(inputs.CatalogFiles)];
            var (parsed, errors) = CatalogParser.Parse(files);
            problems.AddRange(errors);
            catalog = parsed;
        }

        var calibration = Shipped.Calibration;
        if (inputs.CalibrationJson is { } json)
        {
            var parsed = CostCalibration.FromJson(json, out var error);
            if (parsed is null)
            {
                problems.Add(Problem.InText(inputs.CalibrationSource, null, null, error ?? "not a calibration file"));
            }
            else
            {
                calibration = parsed;
            }
        }

        return problems.Count > 0 ? Outcome<EngineData>.Fail(problems) : Outcome<EngineData>.Ok(new EngineData(catalog, calibration) { CatalogFiles = files });
    }

    /// <summary>
    /// The data exactly as frozen into a stored run: these catalog files alone (not added to the shipped ones) and
    /// this calibration, so a run re-computed from them gives what it gave on the day it ran.
    /// </summary>
    public static Outcome<EngineData> Frozen(IEnumerable<CatalogFile> files, string calibrationJson)
    {
        ArgumentNullException.ThrowIfNull(files);
        var list = files.ToImmutableArray();
        var problems = new List<Problem>();
        var (catalog, errors) = CatalogParser.Parse(list);
        problems.AddRange(errors);
        var calibration = CostCalibration.FromJson(calibrationJson, out var error);
        if (calibration is null)
        {
            problems.Add(Problem.InText("calibration", null, null, error ?? "not a calibration file"));
        }

        return problems.Count > 0 || calibration is null
            ? Outcome<EngineData>.Fail(problems)
            : Outcome<EngineData>.Ok(new EngineData(catalog, calibration) { CatalogFiles = list });
    }
}
