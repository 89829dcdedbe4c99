using System.Collections.Immutable;
using InferenceWall.Application;
using InferenceWall.Application.Catalog;
using InferenceWall.Application.Estimate;
using InferenceWall.Application.Runs;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Problems;
using InferenceWall.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InferenceWall.Web;

/// <summary>The API's stateless routes: health, estimate, scenario validation and the catalog.</summary>
internal static class ApiEndpoints
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/health", (IRunStore store) => ApiJson.Text(ApiJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "ok");
            w.WriteString("store", store.Provider);
            w.WriteString("engine_version", RunProvenance.Engine);
            w.WriteEndObject();
        })))
            .WithTags("server").WithSummary("The server is up; which store it uses; the engine version.");

        api.MapPost("/estimate", Estimate)
            .WithMetadata(new RequestBodyType(typeof(EstimateRequest))).Produces<EstimateResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity)
            .WithTags("estimate").WithSummary("What one clip costs: the same JSON as `iwall estimate --format json`.");

        api.MapPost("/scenarios/validate", Validate)
            .WithMetadata(new RequestBodyType(typeof(ValidateScenarioBody))).Produces<ValidateScenarioAnswer>()
            .ProducesProblems(StatusCodes.Status400BadRequest)
            .WithTags("scenarios").WithSummary("Checks a scenario's YAML: every problem with its line, column and field path.");

        api.MapGet("/catalog/{part}", Catalog)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .WithTags("catalog").WithSummary("One part of the catalog (gpus, prices, models, apis, hardware, vaes) as `iwall catalog <part> --format json`.");

        api.Map("/{**rest}", NoSuchRoute).ExcludeFromDescription();
    }

    /// <summary>Any other /api request: 405 with the methods a known route takes, else 404.</summary>
    private static IResult NoSuchRoute(HttpContext context, EndpointDataSource routes)
    {
        var allowed = WebServer.AllowedMethods(context, routes.Endpoints);
        if (allowed.Count > 0)
        {
            context.Response.Headers.Allow = string.Join(", ", allowed);
            return ApiJson.Problems(
                [Problem.BadInput(string.Empty, $"{context.Request.Method} is not allowed on {context.Request.Path}; it takes {string.Join(", ", allowed)}", "see /openapi/v1.json for the methods")],
                StatusCodes.Status405MethodNotAllowed);
        }

        return ApiJson.Problems(
            [Problem.NotFound(string.Empty, $"no such API route: {context.Request.Method} {context.Request.Path}", "see /openapi/v1.json for the routes")],
            StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Estimate(HttpContext context, ServeOptions options, EngineData data)
    {
        var (request, error) = await RequestBody.ReadAsync<EstimateRequest>(context, options.MaxBodyBytes).ConfigureAwait(false);
        if (request is null)
        {
            return error!;
        }

        var outcome = EstimateUseCase.Run(request, data);
        return outcome.Value is { } response ? ApiJson.Contract(response) : ApiJson.Problems(outcome);
    }

    private static async Task<IResult> Validate(HttpContext context, ServeOptions options)
    {
        var (body, error) = await RequestBody.ObjectAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        var problems = new List<Problem>();
        var fields = new BodyFields(body, problems);
        if (fields.Only("scenario_yaml", "scenario_name"))
        {
            var yaml = fields.Text("scenario_yaml");
            var name = RunService.ScenarioName(fields.Text("scenario_name"), problems);
            if (yaml is null && problems.Count == 0)
            {
                problems.Add(Problem.BadInput("scenario_yaml", "is missing", "send the scenario's YAML text"));
            }

            if (problems.Count == 0)
            {
                var loaded = new ScenarioSource(name ?? RunPlanner.DefaultScenarioName, yaml!).Load();
                if (loaded.Value is { } scenario)
                {
                    return ApiJson.Text(ApiJson.Write(w =>
                    {
                        w.WriteStartObject();
                        w.WriteBoolean("ok", true);
                        w.WriteString("title", scenario.Name);
                        w.WriteStartArray("problems");
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }));
                }

                return ApiJson.Problems(loaded);
            }
        }

        return ApiJson.Problems(problems, StatusCodes.Status400BadRequest);
    }

    private static IResult Catalog(HttpContext context, string part, EngineData data)
    {
        var kind = Enum.GetValues<CatalogKind>().Select(k => (CatalogKind?)k).FirstOrDefault(k => CatalogUseCase.Name(k!.Value) == part);
        if (kind is null)
        {
            return ApiJson.Problems(
                [Problem.NotFound("part", $"'{part}' is not a part of the catalog", "ask for one of " + string.Join(", ", Enum.GetValues<CatalogKind>().Select(CatalogUseCase.Name)))],
                StatusCodes.Status404NotFound);
        }

        var problems = Query.Unknown(context.Request.Query, "provider", "gpu");
        if (problems.Count > 0)
        {
            return ApiJson.Problems(problems, StatusCodes.Status400BadRequest);
        }

        var provider = Query.Text(context.Request.Query, "provider");
        var gpu = Query.Text(context.Request.Query, "gpu");
        var outcome = CatalogUseCase.Run(new CatalogRequest { Kind = kind.Value, Provider = provider, Gpu = gpu }, data);
        if (outcome.Value is not { } response)
        {
            return ApiJson.Problems(outcome);
        }

        return kind.Value switch
        {
            CatalogKind.Gpus => ApiJson.Contract(response.Gpus),
            CatalogKind.Models => ApiJson.Contract(response.Models),
            CatalogKind.Apis => ApiJson.Contract(response.Apis),
            CatalogKind.Hardware => ApiJson.Contract(response.Hardware),
            CatalogKind.Stacks => ApiJson.Contract(response.Stacks),
            CatalogKind.Vaes => ApiJson.Contract(response.Vaes),
            CatalogKind.Levers => ApiJson.Contract(response.Levers),
            CatalogKind.Upscalers => ApiJson.Contract(response.Upscalers),
            _ => ApiJson.Contract(response.Prices),
        };
    }
}

/// <summary>The body of <c>POST /api/scenarios/validate</c> (for the OpenAPI document).</summary>
internal sealed record ValidateScenarioBody(string ScenarioYaml, string? ScenarioName);

/// <summary>The answer of a valid scenario (for the OpenAPI document).</summary>
internal sealed record ValidateScenarioAnswer(bool Ok, string Title, ImmutableArray<Problem> Problems);

/// <summary>Query-string readers that report every unknown or malformed parameter.</summary>
internal static class Query
{
    public static List<Problem> Unknown(IQueryCollection query, params string[] known)
    {
        var problems = new List<Problem>();
        foreach (var key in query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            problems.Add(Problem.BadInput(key, "is not a parameter of this route", "use one of " + string.Join(", ", known)));
        }

        foreach (var key in query.Keys.Where(k => known.Contains(k, StringComparer.Ordinal) && query[k].Count > 1))
        {
            problems.Add(Problem.BadInput(key, "is given more than once", "give it once"));
        }

        return problems;
    }

    /// <summary>A parameter's text; null when absent or empty.</summary>
    public static string? Text(IQueryCollection query, string name) => query.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString() : null;
}
