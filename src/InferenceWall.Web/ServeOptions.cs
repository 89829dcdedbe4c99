using System.Reflection;
using InferenceWall.Application;
using Microsoft.Extensions.Logging;

namespace InferenceWall.Web;

/// <summary>
/// How <c>iwall serve</c> runs: where it listens, the access token, the request body limit, how many background
/// runs compute at once, the clock and the engine data runs compute with.
/// </summary>
public sealed record ServeOptions
{
    /// <summary>The default address: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The largest request body accepted, in bytes (4 MiB): a scenario is at most 1 Mi characters.</summary>
    public const long DefaultMaxBodyBytes = 4L * 1024 * 1024;

    /// <summary>The most runs waiting for a background worker; a submission beyond it is refused (429).</summary>
    public const int DefaultQueueCapacity = 1_000;

    /// <summary>Semicolon-separated URLs to listen on (<c>http://127.0.0.1:5080</c>; port 0 picks a free one).</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The access token every <c>/api/*</c> call must carry as <c>Authorization: Bearer</c>; null: none needed (loopback only).</summary>
    public string? Token { get; init; }

    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Background runs computed at once; default half the processor count, at least 1.</summary>
    public int BackgroundConcurrency { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    public int QueueCapacity { get; init; } = DefaultQueueCapacity;

    /// <summary>The clock stamping runs and pacing progress writes.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The catalog and calibration new runs compute with (today's).</summary>
    public EngineData? Data { get; init; }

    /// <summary>The least level logged (the <c>Now listening on</c> line is printed by the caller whatever it is).</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>
    /// The cluster background Monte Carlo, sweep and simulated optimize runs compute on (<c>iwall worker</c>), their chunks
    /// kept in the run store; null: they compute in this process.
    /// </summary>
    public Worker.ClusterAddress? Cluster { get; init; }

    /// <summary>The assembly whose <c>wwwroot/…</c> embedded resources are the dashboard; default this one.</summary>
    public Assembly? DashboardAssembly { get; init; }
}
