using InferenceWall.Core.Economics;
using InferenceWall.Simulation.Workload;

namespace InferenceWall.Simulation.Engine;

internal sealed partial class Engine
{
    private void ScheduleFirstArrival()
    {
        if (!_spec.Workload.Trace.IsDefaultOrEmpty)
        {
            _events.Push(_spec.Workload.Trace[0].TimeSeconds, EventKind.Arrival);
            _arrivalPending = true;
            return;
        }

        ScheduleNextPoisson(0);
    }

    /// <summary>
    /// The next arrival of a Poisson process whose rate is constant between hour and burst boundaries. Crossing a
    /// boundary restarts the draw from it with the new rate, which is exact because the process is memoryless.
    /// </summary>
    private void ScheduleNextPoisson(double from)
    {
        if (_maxRequests is { } max && _arrivals >= max)
        {
            return;
        }

        var t = from;
        while (t < _durationSeconds)
        {
            var (rate, segmentEnd) = Rate(t);
            if (rate <= 0)
            {
                t = segmentEnd;
                continue;
            }

            var next = t + _arrivalRng.Exponential(1.0 / rate);
            if (next <= segmentEnd)
            {
                if (next < _durationSeconds)
                {
                    _events.Push(next, EventKind.Arrival);
                    _arrivalPending = true;
                }

                return;
            }

            t = segmentEnd;
        }
    }

    /// <summary>
    /// The arrival rate at time t and when it next changes. The answer is the same for every time of a segment (the
    /// same bursts in force, the same next boundary, the same hour), so the last segment is kept and looked up again
    /// only once t leaves it. The hour is compared as <see cref="ArrivalRate.At"/> computes it, so a time an ulp below
    /// the hour's end that divides to the next hour gets what the lookup would give.
    /// </summary>
    private (double Rate, double SegmentEnd) Rate(double t)
    {
        if (!(t >= _segmentStart && t < _segmentEnd) || (_weights.Length == 24 && Math.Floor(t / 3600.0) != _segmentHour))
        {
            (_segmentRate, _segmentEnd) = ArrivalRate.At(_spec.Workload, _weights, t);
            _segmentStart = t;
            _segmentHour = Math.Floor(t / 3600.0);
        }

        return (_segmentRate, _segmentEnd);
    }

    private static int Pick(double[] cumulative, double u)
    {
        for (var i = 0; i < cumulative.Length - 1; i++)
        {
            if (u < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Length - 1;
    }

    private void OnArrival()
    {
        _arrivalPending = false;
        int tier, clip;
        if (_hasTrace)
        {
            var trace = _spec.Workload.Trace;
            tier = trace[_traceIndex].Tier;
            clip = trace[_traceIndex].Clip;
            _traceIndex++;
            if (_traceIndex < trace.Length)
            {
                _events.Push(trace[_traceIndex].TimeSeconds, EventKind.Arrival);
                _arrivalPending = true;
            }
        }
        else
        {
            tier = _tierCumulative.Length == 1 ? 0 : Pick(_tierCumulative, _arrivalRng.NextDouble());
            clip = _clipCumulative.Length == 1 ? 0 : Pick(_clipCumulative, _arrivalRng.NextDouble());
        }

        _arrivals++;
        if (!_hasTrace)
        {
            ScheduleNextPoisson(_now);
        }

        if (_queued >= _queueLimit)
        {
            _rejected++;
            if (_queueLimitIsTheSimulators)
            {
                _rejectedAtQueueLimit++;
            }

            return;
        }

        var request = new Request { Arrival = _now, Tier = tier, Clip = clip };
        if (_queued == 0 && !(0.0 > _tierTimeout[tier]) && IdleKind() is var kind and >= 0)
        {
            // Nothing waits and a replica is idle: what the queue would do at once, without the queue.
            Start(kind, request);
            return;
        }

        _queues[_tierLevel[tier]].Enqueue(request);
        _queued++;
        Dispatch();
    }

    /// <summary>The next request to serve: highest priority first, FIFO within; timed-out requests are dropped on the way.</summary>
    private bool NextRequest(out Request request)
    {
        var queues = _queues;
        for (var level = 0; level < queues.Length; level++)
        {
            var q = queues[level];
            while (q.Count > 0)
            {
                request = q.Dequeue();
                _queued--;
                if (_now - request.Arrival > _tierTimeout[request.Tier])
                {
                    _timedOut++;
                    continue;
                }

                return true;
            }
        }

        request = default;
        return false;
    }

    /// <summary>Starts work on idle replicas while there is work: reserved first, then on-demand, then spot.</summary>
    private void Dispatch()
    {
        while (_queued > 0)
        {
            var kind = IdleKind();
            if (kind < 0 || !NextRequest(out var first))
            {
                return;
            }

            Start(kind, first);
        }
    }

    /// <summary>The capacity class to take an idle replica from (reserved, on-demand, spot), or −1 when none is idle.</summary>
    private int IdleKind() =>
        _idleCount[ReservedIndex] > 0 ? ReservedIndex : _idleCount[OnDemandIndex] > 0 ? OnDemandIndex : _idleCount[SpotIndex] > 0 ? SpotIndex : -1;

    /// <summary>Starts an idle replica of a class on a request and as many queued ones as its batch takes.</summary>
    private void Start(int kind, Request first)
    {
        var replica = PopIdle(kind);
        var batch = _batchSize;
        var baseIndex = replica * batch;
        var n = 1;
        while (n < batch && _queued > 0 && NextRequest(out var next))
        {
            _repReqs[baseIndex + n++] = next;
        }

        ref var rep = ref _reps[replica];
        rep.Batch = n;
        rep.First = first;
        if (first.Arrival >= _warmupSeconds)
        {
            _wait.Record(_now - first.Arrival);
        }

        for (var i = 1; i < n; i++)
        {
            var arrival = _repReqs[baseIndex + i].Arrival;
            if (arrival >= _warmupSeconds)
            {
                _wait.Record(_now - arrival);
            }
        }

        SetState(replica, Busy);
        var service = ServiceTime(first.Clip);
        if (n > 1)
        {
            service *= 1.0 + ((_batchTimeFactor - 1.0) * (n - 1) / (batch - 1));
        }

        _events.Push(_now + service, EventKind.ServiceDone, replica, _reps[replica].Gen);
    }

    private double ServiceTime(int clip)
    {
        var mean = _clipService[clip];
        switch (_variability)
        {
            case Variability.Exponential:
                return _serviceRng.Exponential(mean);
            case Variability.LogNormal:
                return mean * Math.Exp((_logNormalSigma * _serviceRng.Normal()) - _logNormalShift);
            default:
                return mean;
        }
    }

    private void OnServiceDone(int replica, int generation)
    {
        ref var rep = ref _reps[replica];
        if (rep.Gen != generation || rep.State != Busy)
        {
            return;
        }

        // The first request's arrival and tier are kept on the replica: one cache line read instead of three.
        Complete(rep.First.Arrival, rep.First.Tier);
        var baseIndex = replica * _batchSize;
        for (var i = 1; i < rep.Batch; i++)
        {
            ref readonly var r = ref _repReqs[baseIndex + i];
            Complete(r.Arrival, r.Tier);
        }

        rep.Batch = 0;
        SetState(replica, Idle);
        Dispatch();
    }

    private void Complete(double arrival, int tier)
    {
        var latency = _now - arrival;
        _completed++;
        if (arrival >= _warmupSeconds)
        {
            _latency.Record(latency);
            if (_recordTierLatency)
            {
                _tierLatency[tier].Record(latency);
            }

            _tierCompleted[tier]++;
            if (latency <= _tierSlo[tier])
            {
                _tierSloMet[tier]++;
            }
        }
    }
}
