using System.Collections.Immutable;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Economics;
using InferenceWall.Simulation;

namespace InferenceWall.Benchmarks.Frozen;

internal sealed partial class Engine
{
    private int AddReplica(CapacityClass kind, bool ready)
    {
        int id;
        if (_freeReplicaCount > 0)
        {
            id = _freeReplicas[--_freeReplicaCount];
        }
        else
        {
            if (_replicaCount == _repKind.Length)
            {
                var n = _repKind.Length * 2;
                Array.Resize(ref _repKind, n);
                Array.Resize(ref _repState, n);
                Array.Resize(ref _repGen, n);
                Array.Resize(ref _repSince, n);
                Array.Resize(ref _repBatch, n);
                Array.Resize(ref _freeReplicas, n);
                Array.Resize(ref _repReqs, n * _spec.Fleet.BatchSize);
            }

            id = _replicaCount++;
        }

        _repKind[id] = kind;
        _repGen[id]++;
        _repSince[id] = _now;
        _repBatch[id] = 0;
        _active[(int)kind]++;
        if (ready)
        {
            _repState[id] = Idle;
            _idle[(int)kind].Push(id);
            _idleCount[(int)kind]++;
        }
        else
        {
            _repState[id] = Provisioning;
            _events.Push(_now + _spec.Fleet.ProvisioningDelaySeconds, EventKind.ReplicaReady, id, _repGen[id]);
        }

        if (kind == CapacityClass.Spot && _spec.Fleet.SpotPreemptionsPerHour > 0)
        {
            _events.Push(_now + _preemptRng.Exponential(3600.0 / _spec.Fleet.SpotPreemptionsPerHour), EventKind.Preemption, id, _repGen[id]);
        }

        return id;
    }

    /// <summary>Adds the time since the last change to the replica's busy or idle GPU-seconds and moves it to a new state.</summary>
    private void SetState(int replica, int state)
    {
        var kind = (int)_repKind[replica];
        var gpuSeconds = (_now - _repSince[replica]) * _spec.Fleet.GpusPerReplica;
        var old = _repState[replica];
        if (old == Busy)
        {
            _busySeconds[kind] += gpuSeconds;
            _busy--;
        }
        else
        {
            _idleSeconds[kind] += gpuSeconds;
        }

        _repState[replica] = state;
        _repSince[replica] = _now;
        switch (state)
        {
            case Busy:
                _busy++;
                break;
            case Idle:
                _idle[kind].Push(replica);
                _idleCount[kind]++;
                break;
            case Retired:
                _active[kind]--;
                _repGen[replica]++;
                _freeReplicas[_freeReplicaCount++] = replica;
                break;
        }
    }

    /// <summary>Pops an idle replica of a kind; entries left by replicas that were retired meanwhile are skipped.</summary>
    private int PopIdle(int kind)
    {
        while (true)
        {
            var replica = _idle[kind].Pop();
            if (_repState[replica] == Idle && (int)_repKind[replica] == kind)
            {
                _idleCount[kind]--;
                return replica;
            }
        }
    }

    private void OnReplicaReady(int replica, int generation)
    {
        if (_repGen[replica] != generation || _repState[replica] != Provisioning)
        {
            return;
        }

        SetState(replica, Idle);
        Dispatch();
    }

    /// <summary>A spot replica is taken back: the work in progress is lost and goes back to the front of its queue.</summary>
    private void OnPreemption(int replica, int generation)
    {
        if (_repGen[replica] != generation || _repState[replica] == Retired)
        {
            return;
        }

        _preemptions++;
        var state = _repState[replica];
        if (state == Busy)
        {
            _lostGpuSeconds += (_now - _repSince[replica]) * _spec.Fleet.GpusPerReplica;
            var batch = _spec.Fleet.BatchSize;
            for (var i = _repBatch[replica] - 1; i >= 0; i--)
            {
                var slot = _repReqs[(replica * batch) + i];
                _queues[_tierLevel[_reqTier[slot]]].PushFront(slot);
                _queued++;
            }

            _repBatch[replica] = 0;
        }
        else if (state == Idle)
        {
            _idleCount[(int)_repKind[replica]]--;
        }

        SetState(replica, Retired);
        Dispatch();
    }

    private void OnAutoscale()
    {
        var a = _spec.Autoscaler!;
        var reserved = _active[(int)CapacityClass.Reserved];
        var scalable = _active[(int)CapacityClass.OnDemand] + _active[(int)CapacityClass.Spot];
        var total = reserved + scalable;
        // The wanted size is computed in double: a long queue over a small target passes any integer.
        var wanted = a.Policy switch
        {
            AutoscalePolicy.QueueLength => _busy + Math.Ceiling(_queued / a.Target),
            AutoscalePolicy.TargetUtilization => Math.Ceiling((_busy + (double)_queued) / a.Target),
            _ => throw new InvalidOperationException($"unknown autoscaler policy {a.Policy}"),
        };
        var ceiling = Math.Max(_maxReplicas, reserved);
        if (wanted > ceiling && a.MaxReplicas is null)
        {
            _replicaLimitReached = true;
        }

        var desired = (int)Math.Clamp(wanted, Math.Max(a.MinReplicas, reserved), ceiling);
        if (desired > total)
        {
            var add = desired - total;
            var spot = (int)Math.Round(add * a.SpotShare);
            for (var i = 0; i < add; i++)
            {
                AddReplica(i < spot ? CapacityClass.Spot : CapacityClass.OnDemand, ready: false);
            }
        }
        else if (desired < total)
        {
            // Release idle capacity, the most expensive first: on-demand, then spot. Busy replicas finish their work.
            var remove = total - desired;
            while (remove > 0 && _idleCount[OnDemandIndex] > 0)
            {
                SetState(PopIdle(OnDemandIndex), Retired);
                remove--;
            }

            while (remove > 0 && _idleCount[SpotIndex] > 0)
            {
                SetState(PopIdle(SpotIndex), Retired);
                remove--;
            }
        }

        if (_now + a.IntervalSeconds < _spec.DurationSeconds)
        {
            _events.Push(_now + a.IntervalSeconds, EventKind.AutoscaleTick);
        }
    }

    private void OnSample()
    {
        _sampleTimes.Add(_now);
        _sampleQueue.Add(_queued);
        _sampleReserved.Add(_active[(int)CapacityClass.Reserved]);
        _sampleOnDemand.Add(_active[(int)CapacityClass.OnDemand]);
        _sampleSpot.Add(_active[(int)CapacityClass.Spot]);
        _sampleBusy.Add(_busy);
        if (_now + _spec.SampleIntervalSeconds <= _spec.DurationSeconds)
        {
            _events.Push(_now + _spec.SampleIntervalSeconds, EventKind.Sample);
        }
    }

    private RunResult Finish()
    {
        // The fleet is paid until the end of the day, or until the last clip of the day is done if that is later.
        if (double.IsFinite(_spec.DurationSeconds))
        {
            _now = Math.Max(_now, _spec.DurationSeconds);
        }

        for (var r = 0; r < _replicaCount; r++)
        {
            if (_repState[r] != Retired)
            {
                SetState(r, Retired);
            }
        }

        // Requests still queued at the end waited past any timeout or were never served.
        _timedOut += _queued;
        var fleet = _spec.Fleet;
        ClassMetrics Class(CapacityClass c, double usdPerGpuHour)
        {
            var k = (int)c;
            return new ClassMetrics(c, _busySeconds[k] / 3600, _idleSeconds[k] / 3600, (_busySeconds[k] + _idleSeconds[k]) / 3600 * usdPerGpuHour);
        }

        // Reported reserved, on-demand, spot: the order replicas are dispatched in.
        ImmutableArray<ClassMetrics> classes =
        [
            Class(CapacityClass.Reserved, fleet.ReservedUsdPerGpuHour),
            Class(CapacityClass.OnDemand, fleet.OnDemandUsdPerGpuHour),
            Class(CapacityClass.Spot, fleet.SpotUsdPerGpuHour),
        ];
        long sloTotal = 0, sloMet = 0;
        var tiers = ImmutableArray.CreateBuilder<TierMetrics>();
        for (var t = 0; t < _spec.Tiers.Length; t++)
        {
            double? attainment = null;
            if (_spec.Tiers[t].SloSeconds is not null)
            {
                sloTotal += _tierCompleted[t];
                sloMet += _tierSloMet[t];
                attainment = _tierCompleted[t] > 0 ? (double)_tierSloMet[t] / _tierCompleted[t] : null;
            }

            tiers.Add(new TierMetrics(_spec.Tiers[t].Name, _tierCompleted[t], _tierLatency[t].Percentile(50), _tierLatency[t].Percentile(99), attainment));
        }

        var busySeconds = _busySeconds.Sum();
        return new RunResult
        {
            Arrivals = _arrivals,
            Completed = _completed,
            Rejected = _rejected,
            RejectedAtQueueLimit = _rejectedAtQueueLimit,
            ReplicaLimitReached = _replicaLimitReached,
            StoppedAtEventLimit = _stoppedAtEventLimit,
            TimedOut = _timedOut,
            Preemptions = _preemptions,
            Events = _processed,
            EndSeconds = _now,
            MeanWaitSeconds = _wait.Mean,
            WaitP50Seconds = _wait.Percentile(50),
            WaitP90Seconds = _wait.Percentile(90),
            WaitP99Seconds = _wait.Percentile(99),
            MeanLatencySeconds = _latency.Mean,
            LatencyP50Seconds = _latency.Percentile(50),
            LatencyP90Seconds = _latency.Percentile(90),
            LatencyP99Seconds = _latency.Percentile(99),
            SloAttainment = sloTotal > 0 ? (double)sloMet / sloTotal : null,
            Tiers = tiers.ToImmutable(),
            Classes = classes,
            EnergyKwh = busySeconds * fleet.BoardPowerWatts * fleet.Pue / 3.6e6,
            LostGpuHours = _lostGpuSeconds / 3600,
            Series = new TimeSeries([.. _sampleTimes], [.. _sampleQueue], [.. _sampleReserved], [.. _sampleOnDemand], [.. _sampleSpot], [.. _sampleBusy]),
        };
    }
}
