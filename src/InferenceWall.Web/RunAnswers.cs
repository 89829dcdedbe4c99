using System.Globalization;
using InferenceWall.Application.Runs;
using InferenceWall.Storage;

namespace InferenceWall.Web;

/// <summary>The API's own answers about runs beside <see cref="RunJson"/>: a run's link and the 202 of a queued run.</summary>
internal static class RunAnswers
{
    public static string Link(long id) => "/api/runs/" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The 202 answer of a run accepted into the background queue.</summary>
    public static string Accepted(long id, RunKind kind, long? rerunOf) => RunJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteString("kind", RunWords.Kind.Word(kind));
        w.WriteString("status", RunWords.Status.Word(RunStatus.Queued));
        if (rerunOf is { } of)
        {
            w.WriteNumber("rerun_of", of);
        }

        w.WriteStartObject("links");
        w.WriteString("self", Link(id));
        w.WriteEndObject();
        w.WriteEndObject();
    });

}
