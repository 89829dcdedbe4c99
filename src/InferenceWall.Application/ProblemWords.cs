using InferenceWall.Core;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application;

public static class ProblemWords
{
    public static Vocabulary<ProblemKind> Kind { get; } = new("problem kind",
        (ProblemKind.BadInput, "bad_input"), (ProblemKind.NotFound, "not_found"), (ProblemKind.LimitExceeded, "limit_exceeded"), (ProblemKind.Infeasible, "infeasible"));
}
