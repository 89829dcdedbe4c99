using InferenceWall.Core.Catalog;
using InferenceWall.Core.Economics;
using InferenceWall.Simulation.Metrics;
using InferenceWall.Simulation.Workload;

namespace InferenceWall.Simulation.Engine;

/// <summary>
/// The discrete-event loop. Requests, replicas and queues live in arrays that grow by doubling and are reused, so a
/// run in steady state allocates nothing per event. Single-threaded and deterministic.
/// </summary>
internal sealed partial class Engine
{
    private const int Provisioning = 0;
    private const int Idle = 1;
    private const int Busy = 2;
    private const int Retired = 3;

    // Capacity classes index the per-class arrays by their enum value.
    private const int OnDemandIndex = (int)CapacityClass.OnDemand;
    private const int ReservedIndex = (int)CapacityClass.Reserved;
    private const int SpotIndex = (int)CapacityClass.Spot;

    /// <summary>Events between looks at the cancellation token and reports of progress.</summary>
    private const long CheckEvery = 1 << 16;

    private readonly SimulationSpec _spec;
    private readonly IProgress<double>? _progress;
    private readonly CancellationToken _cancel;
    private readonly int _queueLimit;
    private readonly bool _queueLimitIsTheSimulators;
    private readonly int _maxReplicas;
    private readonly EventQueue _events;
    private Rng _arrivalRng;
    private Rng _serviceRng;
    private Rng _preemptRng;

    // Requests travel by value: in the queues, then on the replica serving them.

    // Central queue: one ring buffer per priority level.
    private readonly RingQueue[] _queues;
    private readonly int[] _tierLevel;
    private int _queued;

    // Replicas.
    private Replica[] _reps = new Replica[64];
    private Request[] _repReqs;
    private int[] _freeReplicas = new int[64];
    private int _freeReplicaCount;
    private int _replicaCount;
    private readonly IntStack[] _idle = [new(), new(), new()];
    private readonly int[] _idleCount = new int[3];
    private readonly int[] _active = new int[3];
    private int _busy;

    // Workload.
    private readonly double[] _tierCumulative;
    private readonly double[] _clipCumulative;
    private readonly double[] _weights;
    private long _arrivals;
    private bool _arrivalPending;
    private int _traceIndex;

    // Metrics.
    private readonly Histogram _wait = new();
    private readonly Histogram _latency = new();
    private readonly Histogram[] _tierLatency;
    private readonly bool _recordTierLatency;
    private readonly long[] _tierSloMet;
    private readonly long[] _tierCompleted;
    private readonly double[] _busySeconds = new double[3];
    private readonly double[] _idleSeconds = new double[3];
    private double _lostGpuSeconds;
    private long _completed;
    private long _rejected;
    private long _timedOut;
    private long _preemptions;
    private long _rejectedAtQueueLimit;
    private bool _replicaLimitReached;
    private bool _stoppedAtEventLimit;
    private long _processed;
    private double _now;
    private readonly List<double> _sampleTimes = [];
    private readonly List<int> _sampleQueue = [];
    private readonly List<int> _sampleReserved = [];
    private readonly List<int> _sampleOnDemand = [];
    private readonly List<int> _sampleSpot = [];
    private readonly List<int> _sampleBusy = [];

    // The spec's values the loop reads on every event, held here rather than behind its records.
    private readonly int _batchSize;
    private readonly double _warmupSeconds;
    private readonly double _durationSeconds;
    private readonly int _gpusPerReplica;

    /// <summary>Each tier's timeout in seconds, +∞ for none: a wait past +∞ never happens.</summary>
    private readonly double[] _tierTimeout;

    /// <summary>Each tier's SLO in seconds, NaN for none: no latency is ≤ NaN.</summary>
    private readonly double[] _tierSlo;
    private readonly long? _maxRequests;
    private readonly bool _hasTrace;
    private readonly double _batchTimeFactor;
    private readonly double[] _clipService;
    private readonly Variability _variability;

    // The log-normal service time's σ and σ²/2 for the spec's coefficient of variation: σ² = ln(1 + cv²).
    private readonly double _logNormalSigma;
    private readonly double _logNormalShift;

    // The arrival rate's current segment: the rate in force from its start to its end.
    private double _segmentStart = double.NaN;
    private double _segmentEnd = double.NaN;
    private double _segmentRate;
    private double _segmentHour;

    /// <summary>
    /// A replica: what an event on it reads, side by side in 32 bytes, with its batch's first request (the rest of a
    /// batch is in <see cref="_repReqs"/>).
    /// </summary>
    private struct Replica
    {
        public double Since;
        public Request First;
        public int Gen;
        private short _batch;
        private byte _state;
        private byte _kind;

        public int Batch { readonly get => _batch; set => _batch = (short)value; }

        public int State { readonly get => _state; set => _state = (byte)value; }

        public CapacityClass Kind { readonly get => (CapacityClass)_kind; set => _kind = (byte)value; }
    }

    public Engine(SimulationSpec spec, ulong seed, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        _spec = spec;
        _progress = progress;
        _cancel = cancel;
        _queueLimitIsTheSimulators = spec.MaxQueueLength is null;
        _queueLimit = spec.MaxQueueLength ?? SimulationLimits.MaxQueuedRequests;
        _maxReplicas = spec.Autoscaler?.EffectiveMaxReplicas ?? SimulationLimits.MaxReplicas;
        _arrivalRng = Rng.Derive(seed, 0);
        _serviceRng = Rng.Derive(seed, 1);
        _preemptRng = Rng.Derive(seed, 2);
        var levels = spec.Tiers.Select(t => t.Priority).Distinct().Order().ToArray();
        _tierLevel = [.. spec.Tiers.Select(t => Array.IndexOf(levels, t.Priority))];
        _queues = [.. levels.Select(_ => new RingQueue())];
        _tierCumulative = Cumulative(spec.Tiers.Select(t => t.ArrivalShare));
        _clipCumulative = Cumulative(spec.Clips.Select(c => c.Share));
        _weights = ArrivalRate.Weights(spec.Workload);
        // One tier's latencies are the run's: its histogram is the run's, recorded once.
        _recordTierLatency = spec.Tiers.Length > 1;
        _tierLatency = _recordTierLatency ? [.. spec.Tiers.Select(_ => new Histogram())] : [_latency];
        _tierSloMet = new long[spec.Tiers.Length];
        _tierCompleted = new long[spec.Tiers.Length];
        _repReqs = new Request[64 * spec.Fleet.BatchSize];
        _batchSize = spec.Fleet.BatchSize;
        _warmupSeconds = spec.WarmupSeconds;
        _durationSeconds = spec.DurationSeconds;
        _gpusPerReplica = spec.Fleet.GpusPerReplica;
        _tierTimeout = [.. spec.Tiers.Select(t => t.TimeoutSeconds ?? double.PositiveInfinity)];
        _tierSlo = [.. spec.Tiers.Select(t => t.SloSeconds ?? double.NaN)];
        _maxRequests = spec.Workload.MaxRequests;
        _hasTrace = !spec.Workload.Trace.IsDefaultOrEmpty;
        _batchTimeFactor = spec.Fleet.BatchTimeFactor;
        _clipService = [.. spec.Clips.Select(c => c.ServiceSeconds)];
        // Service ends are what the lanes cannot take in order: the wheel is sized for the longest mean service time.
        _events = new EventQueue(_clipService.DefaultIfEmpty(0).Max() * Math.Max(1.0, _batchTimeFactor));
        _variability = spec.Variability;
        var sigma2 = Math.Log(1 + (spec.VariabilityCv * spec.VariabilityCv));
        _logNormalSigma = Math.Sqrt(sigma2);
        _logNormalShift = sigma2 / 2;
    }

    private static double[] Cumulative(IEnumerable<double> shares)
    {
        var a = shares.ToArray();
        var total = a.Sum();
        var running = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            running += a[i] / total;
            a[i] = running;
        }

        a[^1] = 1.0;
        return a;
    }

    public RunResult Run()
    {
        var fleet = _spec.Fleet;
        for (var i = 0; i < fleet.ReservedReplicas; i++)
        {
            AddReplica(CapacityClass.Reserved, ready: true);
        }

        for (var i = 0; i < fleet.InitialOnDemandReplicas; i++)
        {
            AddReplica(CapacityClass.OnDemand, ready: true);
        }

        for (var i = 0; i < fleet.InitialSpotReplicas; i++)
        {
            AddReplica(CapacityClass.Spot, ready: true);
        }

        ScheduleFirstArrival();
        if (_spec.Autoscaler is { } a)
        {
            _events.Push(a.IntervalSeconds, EventKind.AutoscaleTick);
        }

        if (double.IsFinite(_spec.SampleIntervalSeconds) && double.IsFinite(_spec.DurationSeconds))
        {
            _events.Push(0, EventKind.Sample);
        }

        while (_events.Count > 0)
        {
            var e = _events.Pop();

            // After the day's last arrival and last clip, only fleet events remain (future spot preemptions, late
            // provisioning): the run is over, and the fleet is released.
            if (e.Time > _durationSeconds && _busy == 0 && _queued == 0 && !_arrivalPending)
            {
                break;
            }

            _now = e.Time;
            _processed++;
            if ((_processed & (CheckEvery - 1)) == 0)
            {
                Check();
                if (_processed >= SimulationLimits.MaxEvents)
                {
                    _stoppedAtEventLimit = true;
                    break;
                }
            }

            switch (e.Kind)
            {
                case EventKind.Arrival: OnArrival(); break;
                case EventKind.ServiceDone: OnServiceDone(e.A, e.B); break;
                case EventKind.ReplicaReady: OnReplicaReady(e.A, e.B); break;
                case EventKind.Preemption: OnPreemption(e.A, e.B); break;
                case EventKind.AutoscaleTick: OnAutoscale(); break;
                case EventKind.Sample: OnSample(); break;
            }
        }

        _progress?.Report(1);
        return Finish();
    }

    /// <summary>Stops on cancellation and reports how far the run is: simulated time of the day, or requests of a counted run.</summary>
    private void Check()
    {
        _cancel.ThrowIfCancellationRequested();
        if (_progress is null)
        {
            return;
        }

        var done = double.IsFinite(_spec.DurationSeconds) ? _now / _spec.DurationSeconds
            : _spec.Workload.MaxRequests is { } max ? (double)_arrivals / max
            : 0;
        _progress.Report(Math.Clamp(done, 0, 1));
    }
}
