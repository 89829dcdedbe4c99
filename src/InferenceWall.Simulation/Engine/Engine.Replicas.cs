using System.Collections.Immutable;
using InferenceWall.Core.Catalog;
using InferenceWall.Core.Economics;

namespace InferenceWall.Simulation.Engine;

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
            if (_replicaCount == _reps.Length)
            {
                var n = _reps.Length * 2;
                Array.Resize(ref _reps, n);
                Array.Resize(ref _freeReplicas, n);
                Array.Resize(ref _repReqs, n * _spec.Fleet.BatchSize);
            }

            id = _replicaCount++;
        }

        _reps[id].Kind = kind;
        _reps[id].Gen++;
        _reps[id].Since = _now;
        _reps[id].Batch = 0;
        _active[(int)kind]++;
        if (ready)
        {
            _reps[id].State = Idle;
            _idle[(int)kind].Push(id);
            _idleCount[(int)kind]++;
        }
        else
        {
            _reps[id].State = Provisioning;
            _events.Push(_now + _spec.Fleet.ProvisioningDelaySeconds, EventKind.ReplicaReady, id, _reps[id].Gen);
        }

        if (kind == CapacityClass.Spot && _spec.Fleet.SpotPreemptionsPerHour > 0)
        {
            _events.Push(_now + _preemptRng.Exponential(3600.0 / _spec.Fleet.SpotPreemptionsPerHour), EventKind.Preemption, id, _reps[id].Gen);
        }

        return id;
    }

    /// <summary>Adds the time since the last change to the replica's busy or idle GPU-seconds and moves it to a new state.</summary>
    private void SetState(int replica, int state)
    {
        ref var rep = ref _reps[replica];
        var kind = (int)rep.Kind;
        var gpuSeconds = (_now - rep.Since) * _gpusPerReplica;
        var old = rep.State;
        if (old == Busy)
        {
            _busySeconds[kind] += gpuSeconds;
            _busy--;
        }
        else
        {
            _idleSeconds[kind] += gpuSeconds;
        }

        rep.State = state;
        rep.Since = _now;
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
                rep.Gen++;
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
            if (_reps[replica].State == Idle && (int)_reps[replica].Kind == kind)
            {
                _idleCount[kind]--;
                return replica;
            }
        }
    }

    private void OnReplicaReady(int replica, int generation)
    {
        if (_reps[replica].Gen != generation || _reps[replica].State != Provisioning)
        {
            return;
        }

        SetState(replica, Idle);
        Dispatch();
    }

    /// <summary>A spot replica is taken back: the work in progress is lost and goes back to the front of its queue.</summary>
    private void OnPreemption(int replica, int generation)
    {
        if (_reps[replica].Gen != generation || _reps[replica].State == Retired)
        {
            return;
        }

        _preemptions++;
        var state = _reps[replica].State;
        if (state == Busy)
        {
            _lostGpuSeconds += (_now - _reps[replica].Since) * _spec.Fleet.GpusPerReplica;
            var batch = _spec.Fleet.BatchSize;
            for (var i = _reps[replica].Batch - 1; i >= 1; i--)
            {
                ref readonly var r = ref _repReqs[(replica * batch) + i];
                _queues[_tierLevel[r.Tier]].PushFront(r);
                _queued++;
            }

            ref readonly var first = ref _reps[replica].First;
            _queues[_tierLevel[first.Tier]].PushFront(first);
            _queued++;
            _reps[replica].Batch = 0;
        }
        else if (state == Idle)
        {
            _idleCount[(int)_reps[replica].Kind]--;
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
            if (_reps[r].State != Retired)
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
