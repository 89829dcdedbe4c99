using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InferenceWall.Web;

/// <summary>
/// The JSON body type of a route, for the OpenAPI document only. (<c>Accepts</c> would also make routing refuse other
/// content types with a bare 404 before the route could answer 415 problem details.)
/// </summary>
internal sealed record RequestBodyType(Type Type);

/// <summary>Writes each route's <see cref="RequestBodyType"/> into the OpenAPI document as its JSON request body.</summary>
internal static class OpenApiBodies
{
    public static void Add(OpenApiOptions options) => options.AddOperationTransformer(async (operation, context, cancel) =>
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyType>().FirstOrDefault() is not { } body)
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancel).ConfigureAwait(false);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new OpenApiMediaType { Schema = schema } },
        };
    });
}

/// <summary>
/// The problem details every error answers (RFC 9457 with this API's <c>problems</c> list), for the OpenAPI document
/// only: <see cref="ApiJson.Details"/> writes them.
/// </summary>
internal sealed record ProblemDocument(string Type, string Title, int Status, string? Detail, System.Collections.Immutable.ImmutableArray<Core.Problems.Problem> Problems);

/// <summary>Declares a route's error answers as <see cref="ProblemDocument"/> in <c>application/problem+json</c>.</summary>
internal static class ProblemResponses
{
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            builder.Produces<ProblemDocument>(status, "application/problem+json");
        }

        return builder;
    }
}
