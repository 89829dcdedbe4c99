using System.Collections.Immutable;
using InferenceWall.Core.Problems;

namespace InferenceWall.Application;

/// <summary>What a use case returns: its response, or every problem that stopped it (never both).</summary>
public sealed record Outcome<T>
    where T : class
{
    public T? Value { get; private init; }
    public ImmutableArray<Problem> Problems { get; private init; } = [];

    public bool IsOk => Value is not null;

    /// <summary>True when every problem is <see cref="ProblemKind.Infeasible"/>: valid input with no answer (exit 3, HTTP 422).</summary>
    public bool IsInfeasible => !IsOk && Problems.Length > 0 && Problems.All(p => p.Kind == ProblemKind.Infeasible);

    public static Outcome<T> Ok(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Outcome<T> { Value = value };
    }

    public static Outcome<T> Fail(IEnumerable<Problem> problems)
    {
        var list = problems.ToImmutableArray();
        return list.IsEmpty ? throw new ArgumentException("a failed outcome needs at least one problem", nameof(problems)) : new Outcome<T> { Problems = list };
    }

    public static Outcome<T> Fail(Problem problem) => Fail([problem]);

    /// <summary>The failure carried over to another response type.</summary>
    public Outcome<TOther> As<TOther>()
        where TOther : class => IsOk ? throw new InvalidOperationException("the outcome is not a failure") : Outcome<TOther>.Fail(Problems);
}
