namespace InferenceWall.Worker;

/// <summary>
/// Which worker the coordinator sends its next chunk to: the one with the fewest chunks in flight for its slots, each
/// kept at most its slots plus <see cref="Ahead"/> (one chunk waiting there, so a worker never idles for a round trip,
/// and at the end of a job no worker holds a queue of chunks while another has none). Workers join and leave as
/// membership says; a call that finds every worker full waits until one frees a place or joins.
/// </summary>
/// <typeparam name="TWorker">What names a worker (a silo address on the cluster).</typeparam>
public sealed class WorkerDispatch<TWorker>
    where TWorker : notnull
{
    /// <summary>Chunks a worker holds beyond its slots.</summary>
    public const int Ahead = 1;

    private readonly Dictionary<TWorker, (int Slots, int Busy)> _workers = [];
    private readonly List<TWorker> _order = [];
    private readonly LinkedList<TaskCompletionSource<TWorker>> _waiting = [];

    /// <summary>The workers known now, in the order they joined.</summary>
    public IReadOnlyList<TWorker> Workers
    {
        get
        {
            lock (_workers)
            {
                return [.. _order];
            }
        }
    }

    /// <summary>Whether <paramref name="worker"/> is known.</summary>
    public bool Knows(TWorker worker)
    {
        lock (_workers)
        {
            return _workers.ContainsKey(worker);
        }
    }

    /// <summary>Chunks in flight on <paramref name="worker"/> (0 when unknown).</summary>
    public int Busy(TWorker worker)
    {
        lock (_workers)
        {
            return _workers.TryGetValue(worker, out var w) ? w.Busy : 0;
        }
    }

    /// <summary>A worker of <paramref name="slots"/> slots joins (again: its slots are updated); waiting calls get its places.</summary>
    public void Add(TWorker worker, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        lock (_workers)
        {
            if (_workers.TryGetValue(worker, out var w))
            {
                _workers[worker] = (slots, w.Busy);
            }
            else
            {
                _workers[worker] = (slots, 0);
                _order.Add(worker);
            }

            Wake();
        }
    }

    /// <summary>A worker leaves: nothing more goes to it, and releasing its calls later changes nothing.</summary>
    public void Remove(TWorker worker)
    {
        lock (_workers)
        {
            if (_workers.Remove(worker))
            {
                _order.Remove(worker);
            }
        }
    }

    /// <summary>A worker with a free place, taken: the one with the fewest chunks in flight for its slots (the first joined on a tie).</summary>
    public Task<TWorker> AcquireAsync(CancellationToken cancel)
    {
        lock (_workers)
        {
            if (TryTake(out var worker))
            {
                return Task.FromResult(worker);
            }

            var waiter = new TaskCompletionSource<TWorker>(TaskCreationOptions.RunContinuationsAsynchronously);
            var node = _waiting.AddLast(waiter);
            if (cancel.CanBeCanceled)
            {
                var registration = cancel.Register(() =>
                {
                    lock (_workers)
                    {
                        if (node.List is not null)
                        {
                            _waiting.Remove(node);
                        }
                    }

                    waiter.TrySetCanceled(cancel);
                });
                _ = waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return waiter.Task;
        }
    }

    /// <summary>A call to <paramref name="worker"/> ended (answered, failed or cancelled): its place goes to a waiting call.</summary>
    public void Release(TWorker worker)
    {
        lock (_workers)
        {
            if (_workers.TryGetValue(worker, out var w) && w.Busy > 0)
            {
                _workers[worker] = (w.Slots, w.Busy - 1);
            }

            Wake();
        }
    }

    private void Wake()
    {
        while (_waiting.First is { } first && TryTake(out var worker))
        {
            // A waiter still in the list is not cancelled: its cancellation takes it out, under this lock, first.
            _waiting.RemoveFirst();
            first.Value.SetResult(worker);
        }
    }

    private bool TryTake(out TWorker worker)
    {
        worker = default!;
        var found = false;
        var best = (Busy: 0, Slots: 1);
        foreach (var candidate in _order)
        {
            var (slots, busy) = _workers[candidate];
            // Fewest in flight per slot: busy / slots below best.Busy / best.Slots, compared without division.
            if (busy < slots + Ahead && (!found || (long)busy * best.Slots < (long)best.Busy * slots))
            {
                (worker, best, found) = (candidate, (busy, slots), true);
            }
        }

        if (found)
        {
            _workers[worker] = (best.Slots, best.Busy + 1);
        }

        return found;
    }
}
