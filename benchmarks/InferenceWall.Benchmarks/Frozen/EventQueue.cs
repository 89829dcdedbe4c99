namespace InferenceWall.Benchmarks.Frozen;

/// <summary>Kinds of event, in the order they are handled when they fall at the same time.</summary>
internal enum EventKind
{
    ReplicaReady = 0,
    ServiceDone = 1,
    Preemption = 2,
    Arrival = 3,
    AutoscaleTick = 4,
    Sample = 5,
}

/// <summary>One scheduled event. A and B are payload (a replica and its generation, for example).</summary>
internal struct SimEvent
{
    public double Time;
    public long Sequence;
    public EventKind Kind;
    public int A;
    public int B;
}

/// <summary>
/// A binary min-heap of events ordered by (time, kind, sequence): ties break the same way on every run, so results are
/// a function of the seed alone. Arrays grow by doubling and are reused, so steady state allocates nothing.
/// </summary>
internal sealed class EventQueue
{
    private SimEvent[] _heap = new SimEvent[256];
    private int _count;
    private long _sequence;

    public int Count => _count;

    public void Push(double time, EventKind kind, int a = 0, int b = 0)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var e = new SimEvent { Time = time, Kind = kind, Sequence = _sequence++, A = a, B = b };
        var i = _count++;
        var heap = _heap;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Less(in e, in heap[parent]))
            {
                break;
            }

            heap[i] = heap[parent];
            i = parent;
        }

        heap[i] = e;
    }

    public SimEvent Pop()
    {
        var heap = _heap;
        var top = heap[0];
        var last = heap[--_count];
        var n = _count;
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && Less(in heap[child + 1], in heap[child]))
            {
                child++;
            }

            if (!Less(in heap[child], in last))
            {
                break;
            }

            heap[i] = heap[child];
            i = child;
        }

        if (n > 0)
        {
            heap[i] = last;
        }

        return top;
    }

    private static bool Less(in SimEvent x, in SimEvent y) =>
        x.Time < y.Time || (x.Time == y.Time && (x.Kind < y.Kind || (x.Kind == y.Kind && x.Sequence < y.Sequence)));
}
