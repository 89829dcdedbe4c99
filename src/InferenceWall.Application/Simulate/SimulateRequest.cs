namespace InferenceWall.Application.Simulate;

/// <summary>
/// What to simulate: a scenario's day (its YAML text, optionally with a trace of arrivals to replay), or, with
/// <see cref="Mmc"/>, the plain M/M/c queue. Fields of the other form are refused, not ignored.
/// </summary>
public sealed record SimulateRequest
{
    /// <summary>The scenario as text, with the name its problems are reported against (the scenario form).</summary>
    public ScenarioSource? Scenario { get; init; }

    /// <summary>A trace CSV (<c>timestamp_s,clip,tier</c>) whose arrivals replace the scenario's Poisson demand.</summary>
    public string? TraceCsv { get; init; }

    public string TraceSource { get; init; } = "trace";

    /// <summary>The seed; the same seed gives the same result.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Simulate the plain M/M/c queue (exponential service with mean 1 s, FCFS) instead of a scenario.</summary>
    public bool Mmc { get; init; }

    /// <summary>M/M/c: servers (default <see cref="SimulateUseCase.DefaultServers"/>).</summary>
    public long? Servers { get; init; }

    /// <summary>M/M/c: utilisation ρ = λ / (c·μ), in (0, 1) (default <see cref="SimulateUseCase.DefaultLoad"/>).</summary>
    public double? Load { get; init; }

    /// <summary>M/M/c: requests to simulate (default <see cref="SimulateUseCase.DefaultRequests"/>).</summary>
    public long? Requests { get; init; }
}
