using System.Diagnostics;
using System.Text.RegularExpressions;

namespace InferenceWall.Server.Tests;

/// <summary>The built <c>iwall serve</c> as a child process on 127.0.0.1 (a free port), killed or stopped by the test.</summary>
internal sealed partial class ServerProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    private ServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();

    /// <summary>The built CLI (the same configuration as this test assembly).</summary>
    public static string CliDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var bin = RepoPaths.Of("src", "InferenceWall.Cli", "bin", configuration, "net10.0");
            var dll = Directory.Exists(bin) ? Directory.GetFiles(bin, "iwall.dll", SearchOption.AllDirectories).FirstOrDefault() : null;
            return dll ?? throw new InvalidOperationException($"iwall.dll not found under {bin}: build src/InferenceWall.Cli");
        }
    }

    public static async Task<ServerProcess> StartAsync(string db, params string[] extra)
    {
        var (process, line, log) = await StartCliAsync([CliDll, "serve", "--urls", "http://127.0.0.1:0", "--db", db, .. extra], l => Listening().IsMatch(l), "Now listening on:");
        var server = new ServerProcess(process, new Uri(Listening().Match(line).Groups[1].Value));
        lock (log)
        {
            server._log.Append(log);
        }

        return server;
    }

    /// <summary>
    /// Starts <c>dotnet ARGS</c> (the built CLI and its command) and waits until it prints a line <paramref name="ready"/>
    /// accepts: the process, that line and its output so far; throws with the output when it exits or takes too long.
    /// </summary>
    public static async Task<(Process Process, string Line, System.Text.StringBuilder Log)> StartCliAsync(string[] args, Func<string, bool> ready, string waitingFor,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }

            if (ready(line))
            {
                seen.TrySetResult(line);
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = await Task.WhenAny(seen.Task, process.WaitForExitAsync(), Task.Delay(StartTimeout));
        if (finished != seen.Task)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            lock (log)
            {
                throw new InvalidOperationException($"iwall {args[1]} did not print '{waitingFor}' in time; its output:\n{log}");
            }
        }

        return (process, await seen.Task, log);
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>SIGTERM, as a service manager stops it; the exit code, or null when it did not exit in time.</summary>
    public async Task<int?> TerminateAsync(TimeSpan within)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
