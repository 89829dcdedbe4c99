using System.CommandLine;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall estimate</c>: the cost of one clip, from the model's physics or from the back-of-envelope.</summary>
internal static partial class EstimateCommand
{
    private static readonly Dictionary<string, CapacityClass> Capacities = new(StringComparer.Ordinal)
    {
        ["on-demand"] = CapacityClass.OnDemand,
        ["reserved"] = CapacityClass.Reserved,
        ["spot"] = CapacityClass.Spot,
    };

    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.Ordinal)
    {
        ["true"] = true,
        ["false"] = false,
    };

    public static Command Create(CliIo io)
    {
        var o = new Options();
        var command = new Command("estimate", "What one clip costs: seconds, GPU-seconds, memory, energy and dollars, phase by phase. " +
            "Or the back-of-envelope: --gpu-minutes M --gpus G --usd-per-gpu-minute P.");
        foreach (var option in o.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Run(io, o.Read(parse)));
        return command;
    }

    private static int Run(CliIo io, Values v)
    {
        var errors = new List<string>();
        var format = Parse.Format(v.Format, errors, "table", "json");
        if (v.GpuMinutes is not null || v.UsdPerGpuMinute is not null)
        {
            return BackOfEnvelopeForm(io, v, format, errors);
        }

        if (v.Model is null)
        {
            errors.Add("--model is required (or give --gpu-minutes, --gpus and --usd-per-gpu-minute for the back-of-envelope); list models with `iwall catalog models`");
        }

        if (v.Gpu is null)
        {
            errors.Add("--gpu is required; list GPUs with `iwall catalog gpus`");
        }

        var resolution = Parse.Resolution(v.Resolution, errors);
        var precision = Parse.Choice("--precision", v.Precision, Words.Precision, errors);
        var offload = Parse.Choice("--offload", v.Offload, Words.Offload, errors);
        var capacity = Parse.Choice("--capacity", v.Capacity, Capacities, errors);
        var kernel = Parse.Choice("--attention-kernel", v.AttentionKernel, Words.AttentionKernel, errors);
        bool? cfg = v.Cfg is null ? null : Parse.Choice("--cfg", v.Cfg, Booleans, errors);
        Parse.AtLeastOne("--frames", v.Frames, errors);
        Parse.AtLeastOne("--steps", v.Steps, errors);
        Parse.Positive("--usd-per-gpu-hour", v.UsdPerGpuHour, errors);
        if (v.UsdPerGpuHour is not null && v.Provider is not null)
        {
            errors.Add("--usd-per-gpu-hour and --provider both set the price; give one");
        }

        var (catalog, catalogErrors) = Loading.Catalog(v.CatalogDir);
        errors.AddRange(catalogErrors.Select(e => e.ToString()));
        var (calibration, calibrationError) = Loading.Calibration(v.CalibrationFile);
        if (calibrationError is not null)
        {
            errors.Add(calibrationError);
        }

        VideoModel? model = null;
        Gpu? gpu = null;
        if (catalogErrors.Count == 0)
        {
            if (v.Model is not null)
            {
                var found = catalog.FindModel(v.Model);
                model = found.Value;
                if (model is null)
                {
                    errors.Add("--model: " + found.NotFoundMessage("model", v.Model, "iwall catalog models"));
                }
            }

            if (v.Gpu is not null)
            {
                var found = catalog.FindGpu(v.Gpu);
                gpu = found.Value;
                if (gpu is null)
                {
                    errors.Add("--gpu: " + found.NotFoundMessage("GPU", v.Gpu, "iwall catalog gpus"));
                }
            }
        }

        GpuPrice? quote = null;
        var alternatives = 0;
        if (v.Provider is not null && gpu is not null && capacity is not null)
        {
            var providers = catalog.ProviderIds.ToList();
            if (!providers.Contains(v.Provider, StringComparer.OrdinalIgnoreCase))
            {
                var near = Core.Text.NameMatcher.Nearest(v.Provider, providers);
                errors.Add($"--provider: unknown provider '{v.Provider}'; did you mean {string.Join(", ", near.Select(n => $"'{n}'"))}? (list them with `iwall catalog prices`)");
            }
            else
            {
                quote = catalog.FindPrice(v.Provider, gpu.Id, capacity.Value, out alternatives);
                if (quote is null)
                {
                    var offered = catalog.Prices.Where(p => string.Equals(p.Provider, v.Provider, StringComparison.OrdinalIgnoreCase))
                        .Select(p => $"{p.GpuId} {ClassName(p.CapacityClass)}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
                    errors.Add($"--provider {v.Provider}: no {ClassName(capacity.Value)} price for {gpu.Id} in the catalog; it lists: {string.Join(", ", offered)}; or give --usd-per-gpu-hour");
                }
            }
        }

        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        var request = new CostRequest
        {
            Model = model!,
            Gpu = gpu!,
            Clip = new ClipSpec
            {
                WidthPixels = resolution!.Value.Width,
                HeightPixels = resolution.Value.Height,
                Frames = v.Frames,
                Steps = v.Steps ?? model!.DefaultSteps,
                Cfg = cfg,
            },
            Plan = new ParallelPlan
            {
                Gpus = v.Gpus,
                Ulysses = v.Ulysses ?? (v.Ring is null && v.CfgParallel is null && v.TensorParallel is null ? v.Gpus : 1),
                Ring = v.Ring ?? 1,
                CfgParallel = v.CfgParallel ?? 1,
                TensorParallel = v.TensorParallel ?? 1,
                ShardWeights = v.ShardWeights,
            },
            Precision = precision!.Value,
            Offload = offload!.Value,
            AttentionKernel = kernel!.Value,
            UsdPerGpuHour = quote?.UsdPerGpuHour ?? v.UsdPerGpuHour,
            Utilization = v.Utilization,
            Pue = v.Pue,
        };
        var outcome = ClipCost.Estimate(request, calibration!);
        if (outcome.Estimate is null)
        {
            var inputProblems = outcome.Infeasible.Where(r => r.StartsWith("--", StringComparison.Ordinal)).ToList();
            if (inputProblems.Count > 0)
            {
                return io.InputErrors(outcome.Infeasible);
            }

            if (format == "json")
            {
                io.WriteLegacyJson(new { feasible = false, reasons = outcome.Infeasible });
            }

            foreach (var reason in outcome.Infeasible)
            {
                io.Err.WriteLine($"infeasible: {request.Model.Id} on {request.Plan.Gpus} × {request.Gpu.Id}: {reason}");
            }

            return ExitCodes.Infeasible;
        }

        var view = new EstimateView(request, outcome.Estimate, quote, alternatives, calibration!);
        if (format == "json")
        {
            io.WriteLegacyJson(view.Json());
        }
        else
        {
            view.Render(io.Console());
        }

        return ExitCodes.Ok;
    }

    private static int BackOfEnvelopeForm(CliIo io, Values v, string format, List<string> errors)
    {
        if (v.GpuMinutes is null)
        {
            errors.Add("--gpu-minutes is required for the back-of-envelope (minutes of GPU time per clip)");
        }

        if (v.UsdPerGpuMinute is null)
        {
            errors.Add("--usd-per-gpu-minute is required for the back-of-envelope");
        }

        if (v.Model is not null || v.Gpu is not null)
        {
            errors.Add("--gpu-minutes/--usd-per-gpu-minute is the back-of-envelope form; drop --model/--gpu, or drop those two for the physics estimate");
        }

        if (v.GpuMinutes is < 0 || v.GpuMinutes is { } m && !double.IsFinite(m))
        {
            errors.Add("--gpu-minutes must be a non-negative number");
        }

        if (v.UsdPerGpuMinute is < 0 || v.UsdPerGpuMinute is { } p && !double.IsFinite(p))
        {
            errors.Add("--usd-per-gpu-minute must be a non-negative number");
        }

        Parse.AtLeastOne("--gpus", v.Gpus, errors);
        if (errors.Count > 0)
        {
            return io.InputErrors(errors);
        }

        var cost = BackOfEnvelope.CostUsd(v.GpuMinutes!.Value, v.Gpus, v.UsdPerGpuMinute!.Value);
        if (format == "json")
        {
            io.WriteLegacyJson(new
            {
                method = "back_of_envelope",
                formula = "usd_per_gpu_minute × gpus × gpu_minutes",
                gpu_minutes = v.GpuMinutes,
                gpus = v.Gpus,
                usd_per_gpu_minute = v.UsdPerGpuMinute,
                gpu_seconds = v.GpuMinutes.Value * Units.SecondsPerMinute * v.Gpus,
                cost_usd = cost,
            });
        }
        else
        {
            io.Out.WriteLine($"back-of-envelope: ${Fmt.Sig(v.UsdPerGpuMinute.Value)}/GPU-minute × {v.Gpus} GPUs × {Fmt.Sig(v.GpuMinutes.Value)} minutes = {Fmt.Usd(cost)} per clip");
        }

        return ExitCodes.Ok;
    }

    internal static string ClassName(CapacityClass c) => c switch
    {
        CapacityClass.Reserved => "reserved",
        CapacityClass.Spot => "spot",
        _ => "on-demand",
    };
}
