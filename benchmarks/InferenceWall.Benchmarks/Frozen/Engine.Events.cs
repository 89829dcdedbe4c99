using InferenceWall.Core.Economics;
using InferenceWall.Simulation.Workload;

namespace InferenceWall.Benchmarks.Frozen;

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
        var w = _spec.Workload;
        if (w.MaxRequests is { } max && _arrivals >= max)
        {
            return;
        }

        var t = from;
        while (t < _spec.DurationSeconds)
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
                if (next < _spec.DurationSeconds)
                {
                    _events.Push(next, EventKind.Arrival);
                    _arrivalPending = true;
                }

                return;
            }

            t = segmentEnd;
        }
    }

    /// <summary>The arrival rate at time t and when it next changes.</summary>
    private (double Rate, double SegmentEnd) Rate(double t) => ArrivalRate.At(_spec.Workload, _weights, t);

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
        var trace = _spec.Workload.Trace;
        if (!trace.IsDefaultOrEmpty)
        {
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
        if (trace.IsDefaultOrEmpty)
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

        var slot = NewSlot();
        _reqArrival[slot] = _now;
        _reqTier[slot] = tier;
        _reqClip[slot] = clip;
        _queues[_tierLevel[tier]].Enqueue(slot);
        _queued++;
        Dispatch();
    }

    private int NewSlot()
    {
        if (_freeCount > 0)
        {
            return _freeSlots[--_freeCount];
        }

        if (_slotCount == _reqArrival.Length)
        {
            var n = _reqArrival.Length * 2;
            Array.Resize(ref _reqArrival, n);
            Array.Resize(ref _reqTier, n);
            Array.Resize(ref _reqClip, n);
            Array.Resize(ref _freeSlots, n);
        }

        return _slotCount++;
    }

    private void FreeSlot(int slot) => _freeSlots[_freeCount++] = slot;

    /// <summary>The next request to serve: highest priority first, FIFO within; timed-out requests are dropped on the way.</summary>
    private int NextRequest()
    {
        for (var level = 0; level < _queues.Length; level++)
        {
            var q = _queues[level];
            while (q.Count > 0)
            {
                var slot = q.Dequeue();
                _queued--;
                var timeout = _spec.Tiers[_reqTier[slot]].TimeoutSeconds;
                if (timeout is { } limit && _now - _reqArrival[slot] > limit)
                {
                    _timedOut++;
                    FreeSlot(slot);
                    continue;
                }

                return slot;
            }
        }

        return -1;
    }

    /// <summary>Starts work on idle replicas while there is work: reserved first, then on-demand, then spot.</summary>
    private void Dispatch()
    {
        while (_queued > 0)
        {
            var kind = _idleCount[ReservedIndex] > 0 ? ReservedIndex : _idleCount[OnDemandIndex] > 0 ? OnDemandIndex : _idleCount[SpotIndex] > 0 ? SpotIndex : -1;
            if (kind < 0)
            {
                return;
            }

            var first = NextRequest();
            if (first < 0)
            {
                return;
            }

            var replica = PopIdle(kind);
            var batch = _spec.Fleet.BatchSize;
            var baseIndex = replica * batch;
            _repReqs[baseIndex] = first;
            var n = 1;
            while (n < batch && _queued > 0)
            {
                var next = NextRequest();
                if (next < 0)
                {
                    break;
                }

                _repReqs[baseIndex + n++] = next;
            }

            _repBatch[replica] = n;
            for (var i = 0; i < n; i++)
            {
                var slot = _repReqs[baseIndex + i];
                if (_reqArrival[slot] >= _spec.WarmupSeconds)
                {
                    _wait.Record(_now - _reqArrival[slot]);
                }
            }

            SetState(replica, Busy);
            var service = ServiceTime(_reqClip[first]);
            if (n > 1)
            {
                service *= 1.0 + ((_spec.Fleet.BatchTimeFactor - 1.0) * (n - 1) / (batch - 1));
            }

            _events.Push(_now + service, EventKind.ServiceDone, replica, _repGen[replica]);
        }
    }

    private double ServiceTime(int clip)
    {
        var mean = _spec.Clips[clip].ServiceSeconds;
        switch (_spec.Variability)
        {
            case Variability.Exponential:
                return _serviceRng.Exponential(mean);
            case Variability.LogNormal:
                var cv = _spec.VariabilityCv;
                var sigma2 = Math.Log(1 + (cv * cv));
                return mean * Math.Exp((Math.Sqrt(sigma2) * _serviceRng.Normal()) - (sigma2 / 2));
            default:
                return mean;
        }
    }

    private void OnServiceDone(int replica, int generation)
    {
        if (_repGen[replica] != generation || _repState[replica] != Busy)
        {
            return;
        }

        var batch = _spec.Fleet.BatchSize;
        for (var i = 0; i < _repBatch[replica]; i++)
        {
            var slot = _repReqs[(replica * batch) + i];
            var tier = _reqTier[slot];
            var latency = _now - _reqArrival[slot];
            _completed++;
            if (_reqArrival[slot] >= _spec.WarmupSeconds)
            {
                _latency.Record(latency);
                _tierLatency[tier].Record(latency);
                _tierCompleted[tier]++;
                if (_spec.Tiers[tier].SloSeconds is { } slo && latency <= slo)
                {
                    _tierSloMet[tier]++;
                }
            }

            FreeSlot(slot);
        }

        _repBatch[replica] = 0;
        SetState(replica, Idle);
        Dispatch();
    }
}
