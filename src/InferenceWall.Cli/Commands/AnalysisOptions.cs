using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InferenceWall.Analysis.Studies;
using InferenceWall.Application;
using InferenceWall.Application.Json;
using InferenceWall.Application.Sweep;
using InferenceWall.Core.Problems;

namespace InferenceWall.Cli.Commands;

/// <summary>Options and parsing shared by the analysis commands: option text into request values, problems worded as flags.</summary>
internal static class AnalysisOptions
{
    public static Option<string> Format() => new("--format") { Description = "table|json|csv", DefaultValueFactory = _ => "table" };

    public static Option<string?> Chart(string what) => new("--chart") { Description = $"Write {what} to FILE.png or FILE.svg" };

    public static Option<string?> Catalog() => new("--catalog") { Description = "Folder of catalog CSV files that add to or override the shipped ones" };

    public static Option<int?> Threads() => new("--threads") { Description = "Worker threads [default: all cores]; results are identical for any count" };

    /// <summary>The most rows a sweep prints as a table; more stream as CSV or JSON.</summary>
    public const int MaxTableRows = 10_000;

    /// <summary>The output format, or a problem at <c>--format</c>.</summary>
    public static string Format(string text, List<Problem> problems, params string[] allowed) => FormatAt("--format", text, problems, allowed);

    /// <summary>
    /// The output format, or a problem at <paramref name="path"/> (a command that words its paths as flags passes
    /// <c>format</c>): every command's one reading of <c>--format</c>.
    /// </summary>
    public static string FormatAt(string path, string text, List<Problem> problems, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(text);
        var f = text.Trim().ToLowerInvariant();
        if (allowed.Contains(f))
        {
            return f;
        }

        problems.Add(Problem.BadInput(path, $"'{text}' is not an output format here", $"write one of {string.Join(", ", allowed)}"));
        return allowed[0];
    }

    /// <summary>The chart file's problem (an extension that is not .png or .svg), if any.</summary>
    public static void ChartProblem(string? chart, List<Problem> problems)
    {
        if (chart is not null && Reporting.Charts.ChartFile.Problem("--chart", chart) is { } problem)
        {
            problems.Add(Problem.BadInput("--chart", problem.StartsWith("--chart", StringComparison.Ordinal) ? problem["--chart".Length..].TrimStart(':', ' ') : problem));
        }
    }

    /// <summary>The scenario file as a source (name and text) and the engine data, or the problems reading them.</summary>
    /// <summary>The <c>--cluster</c> address, or null when none is given (a bad one is a problem).</summary>
    public static Worker.ClusterAddress? Cluster(string? text, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (text is null)
        {
            return null;
        }

        var (cluster, problem) = Worker.ClusterAddress.Parse("--cluster", text);
        if (problem is not null)
        {
            problems.Add(problem);
        }

        return cluster;
    }

    /// <summary>
    /// Runs a cluster job with the run store (<c>--db</c>, else the default) as its ledger: every finished chunk is
    /// stored there, and the same command run again resumes from them. A store that cannot be opened is a problem at <c>--db</c>.
    /// </summary>
    public static Outcome<T> OnCluster<T>(CliIo io, Func<Application.Jobs.IJobLedger, Task<Outcome<T>>> run)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(io);
        ArgumentNullException.ThrowIfNull(run);
        Storage.IRunStore store;
        try
        {
            store = Storage.RunStores.OpenAsync(io.Saving.Db).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is Storage.StoreOpenException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.Data.Common.DbException)
        {
            return Outcome<T>.Fail(Problem.BadInput("--db", $"the run store that keeps a cluster job's chunks could not be opened: {e.Message.TrimEnd('.')}",
                "give --db a SQLite file or postgres:// address that can be written"));
        }

        try
        {
            return store is Application.Jobs.IJobLedger ledger
                ? run(new SayingLedger(ledger, io.Err, store.Description)).GetAwaiter().GetResult()
                : Outcome<T>.Fail(Problem.BadInput("--db", $"{store.Description} cannot keep cluster jobs", "give --db a SQLite file or postgres:// address"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            // The store failed during the job (a full disk, a lost connection): the chunks stored so far are kept.
            return Outcome<T>.Fail(Problem.Infeasible("--db", $"the run store ({store.Description}) failed during the cluster job: {e.Message.TrimEnd('.')}",
                "free the disk or restore the connection, then run the same command again to resume"));
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public static (ScenarioSource? Scenario, EngineData? Data) Inputs(string path, string? catalogDir, List<Problem> problems)
    {
        var (text, readProblem) = CliInputs.Text("scenario", path);
        if (readProblem is not null)
        {
            problems.Add(readProblem);
        }

        var engine = CliInputs.Engine(catalogDir, null);
        problems.AddRange(engine.Problems);
        return (text is null ? null : new ScenarioSource(path, text), engine.Value);
    }

    /// <summary>Parses <c>path=v1,v2</c> or <c>path=start:stop:step</c> into an axis of the request; problems at <c>axes[i]</c>.</summary>
    public static SweepAxisRequest? Axis(string text, int i, List<Problem> problems)
    {
        var at = $"axes[{i}]";
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            problems.Add(Problem.BadInput(at, $"'{text}' is not FIELD=VALUES", "write FIELD=V1,V2,... or FIELD=START:STOP:STEP"));
            return null;
        }

        var path = text[..eq].Trim();
        var spec = text[(eq + 1)..].Trim();
        if (ScenarioFields.IsText(path))
        {
            return new SweepAxisRequest { Field = path, Texts = [.. spec.Split(',', StringSplitOptions.TrimEntries)] };
        }

        var range = spec.Split(':');
        if (range.Length == 3)
        {
            if (!Num(range[0], out var start) || !Num(range[1], out var stop) || !Num(range[2], out var step))
            {
                problems.Add(Problem.BadInput(at, $"{path}={spec}: a range is three numbers", "write START:STOP:STEP, for example 20:50:10"));
                return null;
            }

            return new SweepAxisRequest { Field = path, Range = new SweepRange(start, stop, step) };
        }

        var values = new List<double>();
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Num(part, out var v))
            {
                problems.Add(Problem.BadInput(at, $"{path}: '{part}' is not a number", "write numbers with a decimal point and no thousands separators, separated by commas"));
                return null;
            }

            values.Add(v);
        }

        return new SweepAxisRequest { Field = path, Numbers = [.. values] };
    }

    public static bool Num(string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);

    /// <summary>
    /// Words a request path as this front end's option: <c>axes[1].range</c> → <c>--set NAME</c> where NAME is the
    /// second name given; <c>steps</c> → <c>--steps</c>. Returns null when the path is not under <paramref name="list"/>.
    /// </summary>
    public static string? Listed(string path, string list, string option, IReadOnlyList<string> names)
    {
        if (path == list)
        {
            return option;
        }

        if (!path.StartsWith(list + "[", StringComparison.Ordinal))
        {
            return null;
        }

        var close = path.IndexOf(']', StringComparison.Ordinal);
        return close > list.Length + 1 && int.TryParse(path.AsSpan(list.Length + 1, close - list.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < names.Count
            ? $"{option} {names[i]}"
            : option;
    }

    /// <summary>Runs long work, turning Ctrl-C into a clean stop (exit code 130).</summary>
    public static int Cancellable(CliIo io, Func<int> work)
    {
        try
        {
            return work();
        }
        catch (OperationCanceledException)
        {
            io.Err.WriteLine("cancelled; nothing was written");
            return 130;
        }
    }

    /// <summary>
    /// Writes a response in the JSON contract (the same bytes as <see cref="CliIo.WriteJson{T}"/>) without building
    /// the whole text first: a million-point sweep streams through a small buffer.
    /// </summary>
    public static void WriteJsonStreamed<T>(CliIo io, T value)
    {
        var info = (JsonTypeInfo<T>)ContractJson.Options.GetTypeInfo(typeof(T));
        using (var stream = new TextWriterStream(io.Out))
        {
            JsonSerializer.Serialize(stream, value, info);
        }

        io.Out.WriteLine();
    }

    /// <summary>A ledger that says on the error stream when a job resumes from stored chunks.</summary>
    private sealed class SayingLedger(Application.Jobs.IJobLedger inner, TextWriter err, string where) : Application.Jobs.IJobLedger
    {
        public async Task<IReadOnlyDictionary<int, string>> BeginAsync(Application.Jobs.JobStart job, CancellationToken cancel = default)
        {
            var stored = await inner.BeginAsync(job, cancel).ConfigureAwait(false);
            if (stored.Count > 0)
            {
                err.WriteLine($"resuming cluster job {job.Key[..12]}: {stored.Count:N0} of {job.Chunks:N0} chunks were stored in {where}");
            }

            return stored;
        }

        public Task AddChunkAsync(string key, int start, int count, string result, string worker, CancellationToken cancel = default) =>
            inner.AddChunkAsync(key, start, count, result, worker, cancel);

        public Task<bool> ProgressAsync(string key, Application.Jobs.JobProgress progress, CancellationToken cancel = default) => inner.ProgressAsync(key, progress, cancel);

        public Task EndAsync(string key, Application.Jobs.JobStatus status, string? detail, Application.Jobs.JobProgress progress, CancellationToken cancel = default) =>
            inner.EndAsync(key, status, detail, progress, cancel);

        public Task<IReadOnlyList<Application.Jobs.JobRecord>> ListJobsAsync(int limit, CancellationToken cancel = default) => inner.ListJobsAsync(limit, cancel);

        public Task<bool> RequestCancelAsync(string key, CancellationToken cancel = default) => inner.RequestCancelAsync(key, cancel);
    }

    /// <summary>A write-only stream that decodes UTF-8 into a text writer.</summary>
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        private char[] _chars = new char[4096];

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var needed = _decoder.GetCharCount(buffer, flush: false);
            if (needed > _chars.Length)
            {
                _chars = new char[needed];
            }

            var n = _decoder.GetChars(buffer, _chars, flush: false);
            writer.Write(_chars, 0, n);
        }

        public override void Flush() => writer.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>
    /// A problem for each of <paramref name="options"/> the user gave although the form run does not read it: an option
    /// that does not apply is refused, never ignored.
    /// </summary>
    public static List<Core.Problems.Problem> NotApplying(ParseResult parse, string appliesTo, IEnumerable<Option> options) =>
        [.. options.Where(o => parse.GetResult(o) is { Implicit: false })
            .Select(o => Core.Problems.Problem.BadInput(o.Name, $"applies only to {appliesTo}", "drop it"))];
}
