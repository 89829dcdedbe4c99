namespace InferenceWall.Core.Problems;

/// <summary>What kind of refusal a problem is. Front ends map it to an exit code or an HTTP status, the same everywhere.</summary>
public enum ProblemKind
{
    /// <summary>The input is malformed or out of range (exit 2, HTTP 400).</summary>
    BadInput,

    /// <summary>A name (model, GPU, provider, run) that is not known (exit 2, HTTP 404 for a resource id, 400 inside a body).</summary>
    NotFound,

    /// <summary>The input asks for more than a stated limit allows (exit 2, HTTP 400).</summary>
    LimitExceeded,

    /// <summary>The input is valid but has no answer: a plan that does not fit, no option meeting an SLO (exit 3, HTTP 422).</summary>
    Infeasible,
}
