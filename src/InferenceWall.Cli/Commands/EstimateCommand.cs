using System.CommandLine;
using InferenceWall.Application;
using InferenceWall.Application.Estimate;
using InferenceWall.Core;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Cost;
using InferenceWall.Core.Problems;

namespace InferenceWall.Cli.Commands;

/// <summary><c>iwall estimate</c>: the cost of one clip, from the model's physics or from the back-of-envelope.</summary>
internal static partial class EstimateCommand
{
    public static Command Create(CliIo io)
    {
        var o = new Options();
        var command = new Command("estimate", "What one clip costs: seconds, GPU-seconds, memory, energy and dollars, phase by phase. " +
            "Or the back-of-envelope: --gpu-minutes M --gpus G --usd-per-gpu-minute P.");
        foreach (var option in o.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            // An option the chosen form does not read is refused, never ignored.
            var envelope = parse.GetResult(o.GpuMinutes) is { Implicit: false } || parse.GetResult(o.UsdPerGpuMinute) is { Implicit: false };
            var ignored = envelope
                ? AnalysisOptions.NotApplying(parse, "the physics estimate, not to the back-of-envelope (--gpu-minutes, --gpus, --usd-per-gpu-minute)",
                    o.All.Where(x => x != o.GpuMinutes && x != o.UsdPerGpuMinute && x != o.Gpus && x != o.Format && x != o.Model && x != o.Gpu))
                : AnalysisOptions.NotApplying(parse, "a catalog price: give --provider with it", parse.GetResult(o.Provider) is { Implicit: false } ? [] : [o.Capacity]);
            return ignored.Count > 0 ? io.Problems(ignored) : Run(io, o.Read(parse));
        });
        return command;
    }

    /// <summary>A domain path of the estimate's request worded as this command's option.</summary>
    internal static string Flag(string path) => path switch
    {
        "" => path,
        "width" or "height" or "resolution" => "--resolution",
        _ when path.StartsWith("--", StringComparison.Ordinal) => path,
        _ when path.StartsWith("plan.", StringComparison.Ordinal) => "--" + path["plan.".Length..].Replace('_', '-'),
        _ => "--" + path.Replace('_', '-'),
    };

    private static int Run(CliIo io, Values v)
    {
        var problems = new List<Problem>();
        var read = new OptionText(problems);
        var json = AnalysisOptions.FormatAt("format", v.Format, problems, "table", "json") == "json";
        if (v.GpuMinutes is not null || v.UsdPerGpuMinute is not null)
        {
            return BackOfEnvelopeForm(io, v, read, json, problems);
        }

        var resolution = read.Resolution(v.Resolution);
        if (v.Compiled && v.NoCompiled)
        {
            problems.Add(Problem.BadInput("compiled", "--compiled and --no-compiled both given", "give one of them, or neither for the stack's default"));
        }

        var request = new EstimateRequest
        {
            Model = v.Model,
            Gpu = v.Gpu,
            Gpus = read.Whole("plan.gpus", v.Gpus) ?? 1,
            Ulysses = read.Whole("plan.ulysses", v.Ulysses),
            Ring = read.Whole("plan.ring", v.Ring),
            CfgParallel = read.Whole("plan.cfg_parallel", v.CfgParallel),
            TensorParallel = read.Whole("plan.tensor_parallel", v.TensorParallel),
            ShardWeights = v.ShardWeights,
            Width = resolution?.Width ?? 1280,
            Height = resolution?.Height ?? 720,
            Frames = read.Whole("frames", v.Frames) ?? 81,
            Steps = read.Whole("steps", v.Steps),
            Cfg = read.Boolean("cfg", v.Cfg),
            Precision = read.Word("precision", v.Precision, Words.Precision) ?? Precision.Bf16,
            Offload = read.Word("offload", v.Offload, Words.Offload) ?? OffloadMode.None,
            AttentionKernel = read.Word("attention_kernel", v.AttentionKernel, Words.AttentionKernel) ?? AttentionKernel.Default,
            Stack = v.Stack,
            Compiled = v.Compiled ? true : v.NoCompiled ? false : null,
            TextEncoderOnCpu = v.TextEncoderOnCpu,
            LoadGbps = read.Number("load_gbps", v.LoadGbps) ?? ModelLoading.DefaultLoadGbps,
            Provider = v.Provider,
            Capacity = read.Word("capacity", v.Capacity, Words.Capacity) ?? CapacityClass.OnDemand,
            UsdPerGpuHour = read.Number("usd_per_gpu_hour", v.UsdPerGpuHour),
            Utilization = read.Number("utilization", v.Utilization) ?? 1.0,
            Pue = read.Number("pue", v.Pue) ?? CostRequest.DefaultPue,
        };

        var engine = CliInputs.Engine(v.CatalogDir, v.CalibrationFile);
        if (engine.Value is not { } data)
        {
            return io.Problems([.. problems, .. engine.Problems], Flag);
        }

        var outcome = EstimateUseCase.Run(request, data);
        outcome = outcome.IsOk ? outcome : Outcome<EstimateResponse>.Fail(outcome.Problems.Select(p => Hint(p, v)));
        if (problems.Count > 0)
        {
            // The options that could not be read make the input bad: report them with the rest, but no infeasibility.
            return io.Problems([.. problems, .. outcome.Problems.Where(p => p.Kind != ProblemKind.Infeasible)], Flag);
        }

        if (outcome.Value is not { } response)
        {
            if (json && outcome.IsInfeasible)
            {
                io.WriteJson(new EstimateRefusal { Reasons = [.. outcome.Problems.Select(p => p.Text)], Problems = outcome.Problems });
            }

            return io.Problems(outcome, Flag);
        }

        io.Save(request, response, data);
        if (json)
        {
            io.WriteJson(response);
        }
        else
        {
            EstimateView.Render(io.Console(), response, request.UsdPerGpuHour is not null);
        }

        return ExitCodes.Ok;
    }

    /// <summary>This front end's fix for a missing or unknown model, GPU or provider: the command that lists them.</summary>
    private static Problem Hint(Problem p, Values v) => (p.Path, p.Kind) switch
    {
        ("model", ProblemKind.BadInput) when v.Model is null =>
            p with { Fix = "give --model (list them with `iwall catalog models`), or --gpu-minutes, --gpus and --usd-per-gpu-minute for the back-of-envelope" },
        ("model", ProblemKind.NotFound) => p with { Fix = "list them with `iwall catalog models`" },
        ("gpu", ProblemKind.BadInput) when v.Gpu is null => p with { Fix = "give --gpu (list them with `iwall catalog gpus`)" },
        ("gpu", ProblemKind.NotFound) => p with { Fix = "list them with `iwall catalog gpus`" },
        ("stack", ProblemKind.NotFound) => p with { Fix = "give a stack the catalog lists (stacks.csv), or leave --stack out for the default" },
        ("provider", ProblemKind.NotFound) => p with { Fix = "list them with `iwall catalog prices`, or give --usd-per-gpu-hour" },
        _ => p,
    };

    private static int BackOfEnvelopeForm(CliIo io, Values v, OptionText read, bool json, List<Problem> problems)
    {
        if (v.Model is not null || v.Gpu is not null)
        {
            problems.Add(Problem.BadInput("gpu_minutes",
                "--gpu-minutes/--usd-per-gpu-minute is the back-of-envelope form; drop --model/--gpu, or drop those two for the physics estimate"));
        }

        var request = new BackOfEnvelopeRequest
        {
            GpuMinutes = read.Number("gpu_minutes", v.GpuMinutes),
            Gpus = read.Whole("gpus", v.Gpus) ?? 1,
            UsdPerGpuMinute = read.Number("usd_per_gpu_minute", v.UsdPerGpuMinute),
        };
        var outcome = EstimateUseCase.BackOfEnvelope(request);
        if (problems.Count > 0 || outcome.Value is not { } r)
        {
            // A value refused while reading is absent from the request; drop the use case's "needs it" for that field.
            var refused = problems.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
            return io.Problems([.. problems, .. outcome.Problems.Where(p => !refused.Contains(p.Path))], Flag);
        }

        if (json)
        {
            io.WriteJson(r);
        }
        else
        {
            io.Out.WriteLine($"back-of-envelope: ${Fmt.Sig(r.UsdPerGpuMinute)}/GPU-minute × {r.Gpus} GPUs × {Fmt.Sig(r.GpuMinutes)} minutes = {Fmt.Usd(r.CostUsd)} per clip");
        }

        return ExitCodes.Ok;
    }
}
