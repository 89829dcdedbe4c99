namespace InferenceWall.Worker;

/// <summary>
/// Runs one chunk of an analysis on whichever worker Orleans places it: the job and the chunk's first index and
/// count in, the chunk's result in the wire format out (<c>ContractJson.Wire</c>). A chunk depends on its job and
/// indices alone, so running it twice, or on another worker, gives the same bytes.
/// </summary>
public interface IChunkGrain : IGrainWithIntegerKey
{
    /// <summary>How long a call for one capacity-search chunk may take.</summary>
    public const string CapacityTimeout = "00:10:00";

    /// <summary>Samples <paramref name="start"/> to start + count − 1 of the Monte Carlo in <paramref name="job"/>.</summary>
    Task<ChunkAnswer> MonteCarlo(ChunkJob job, int start, int count, CancellationToken cancel = default);

    /// <summary>Points <paramref name="start"/> to start + count − 1 of the sweep in <paramref name="job"/>.</summary>
    Task<ChunkAnswer> Sweep(ChunkJob job, int start, int count, CancellationToken cancel = default);

    /// <summary>The simulated days of candidates <paramref name="start"/> to start + count − 1 of the optimize job in <paramref name="job"/>.</summary>
    Task<ChunkAnswer> Optimize(ChunkJob job, int start, int count, CancellationToken cancel = default);

    /// <summary>
    /// Fleets <paramref name="start"/> to start + count − 1 of the capacity search in <paramref name="job"/>. One
    /// fleet's search is a chunk that cannot be split (its bisection runs one try after another), and a fleet near the
    /// arrivals limit takes tens of seconds, so its calls wait up to <see cref="CapacityTimeout"/> instead of the 30 s
    /// of other chunks; a worker that dies is seen by the membership long before that.
    /// </summary>
    [ResponseTimeout(CapacityTimeout)]
    Task<ChunkAnswer> Capacity(ChunkJob job, int start, int count, CancellationToken cancel = default);

    /// <summary>The worker this grain runs on and its slots: what the coordinator asks each worker before it sends chunks.</summary>
    Task<WorkerInfo> Describe();
}

/// <summary>A worker as its coordinator sees it: its silo and how many chunks it runs at once.</summary>
[GenerateSerializer]
[Immutable]
public sealed record WorkerInfo
{
    [Id(0)]
    public required SiloAddress Silo { get; init; }

    [Id(1)]
    public required int Slots { get; init; }
}

/// <summary>A job as it travels to a worker: the request in the wire format and what the worker must match to run it.</summary>
[GenerateSerializer]
[Immutable]
public sealed record ChunkJob
{
    /// <summary>The analysis request (a <c>MonteCarloRequest</c>, <c>SweepRequest</c>, <c>OptimizeRequest</c> or <c>CapacitySearchRequest</c>), in the wire format.</summary>
    [Id(0)]
    public required string Request { get; init; }

    /// <summary>The engine version the job was submitted with; a worker of another refuses it.</summary>
    [Id(1)]
    public required string EngineVersion { get; init; }

    /// <summary>SHA-256 of the catalog and calibration the job was submitted with; a worker with others refuses it.</summary>
    [Id(2)]
    public required string DataHash { get; init; }

    /// <summary>The cluster's token (<c>IWALL_CLUSTER_TOKEN</c> on the client); a worker that has one refuses jobs without it.</summary>
    [Id(3)]
    public string? Token { get; init; }
}

/// <summary>A chunk's result in the wire format, or why the worker refused it.</summary>
[GenerateSerializer]
[Immutable]
public sealed record ChunkAnswer
{
    [Id(0)]
    public string? Result { get; init; }

    [Id(1)]
    public string? Refusal { get; init; }

    /// <summary>The worker that ran or refused it (its silo address), for progress and logs.</summary>
    [Id(2)]
    public string Worker { get; init; } = string.Empty;
}
