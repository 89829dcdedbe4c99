using System.Numerics;
using System.Runtime.CompilerServices;

namespace InferenceWall.Simulation.Engine;

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

/// <summary>
/// One scheduled event, 24 bytes. <see cref="Order"/> holds the kind in its top byte and the push sequence below it, so
/// (<see cref="Time"/>, <see cref="Order"/>) is the event's place in the total order. A and B are payload (a replica
/// and its generation, for example).
/// </summary>
internal struct SimEvent
{
    public double Time;
    public ulong Order;
    public int A;
    public int B;

    public readonly EventKind Kind => (EventKind)(Order >> EventQueue.KindShift);
}

/// <summary>
/// The pending events, popped in the total order (time, kind, sequence): ties break the same way on every run, so
/// results are a function of the seed alone. Each kind has a lane, a FIFO that takes an event when it comes at or
/// after the lane's last one (arrivals, provisioning delays, ticks and samples are scheduled in time order; so are
/// fixed service times). The rest go to a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, 1990), which works because a
/// simulation never schedules an event before the last one popped: an event sits in the bucket of the highest
/// hexadecimal digit where its time's bits differ from the last popped time's, and of its own digit there, so a pop
/// only scans the lowest non-empty bucket and moves its events down, and no event is compared along a path of a tree. A pop takes the least of the lanes' heads and
/// the radix heap's least, so the order is exactly a single sorted queue's. Arrays grow by doubling and are reused:
/// steady state allocates nothing.
/// </summary>
internal sealed class EventQueue
{
    /// <summary>Where the kind sits in <see cref="SimEvent.Order"/>: the top byte, below it 2^56 pushes of sequence.</summary>
    public const int KindShift = 56;
    private const int Kinds = (int)EventKind.Sample + 1;
    private readonly Lane[] _lanes = [.. Enumerable.Range(0, Kinds).Select(_ => new Lane())];
    // The radix heap in base 16: bucket 16 L + d holds the events whose time's bits first differ from the last popped
    // time's in hexadecimal digit L (counted from the lowest), where their digit is d; bucket 0 holds those equal to it.
    // Bucket order is key order, and a spread moves only the spread bucket's events, each at least one digit down.
    private const int DigitBits = 4;
    private const int Digits = 1 << DigitBits;
    private const int BucketCount = ((63 / DigitBits) + 1) * Digits;
    private readonly Bucket[] _buckets = [.. Enumerable.Range(0, BucketCount).Select(_ => new Bucket(0))];
    private readonly ulong[] _nonEmpty = new ulong[(BucketCount + 63) / 64];
    private ulong _lastKey;
    private int _radixCount;
    private int _count;
    private int _nonEmptyLanes;
    private ulong _sequence;

    public int Count => _count;

    public void Push(double time, EventKind kind, int a = 0, int b = 0)
    {
        var e = new SimEvent { Time = time, Order = ((ulong)kind << KindShift) | _sequence++, A = a, B = b };
        _count++;
        var lane = _lanes[(int)kind];
        if (lane.Count == 0 || !(time < lane.LastTime))
        {
            // Same kind, later sequence: at or after the lane's last event in the order.
            lane.Add(e);
            _nonEmptyLanes |= 1 << (int)kind;
            return;
        }

        var key = Key(time);
        if (key < _lastKey)
        {
            throw new InvalidOperationException($"an event was scheduled at {time} s, before the last event handled; the simulator schedules nothing in the past");
        }

        RadixAdd(in e, key);
        _radixCount++;
    }

    public SimEvent Pop()
    {
        // The least of the lanes' heads.
        var lane = -1;
        var mask = _nonEmptyLanes;
        while (mask != 0)
        {
            var k = BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            if (lane < 0 || Less(in _lanes[k].Head, in _lanes[lane].Head))
            {
                lane = k;
            }
        }

        _count--;
        if (_radixCount > 0)
        {
            var zero = _buckets[0];
            if (zero.Count == 0)
            {
                // The radix heap's least is in its lowest non-empty bucket, at or above that bucket's floor. A lane head
                // below the floor comes first; otherwise the bucket is spread down from the lesser of its least and the
                // lane head, so the last key never passes the time of the event popped.
                var i = LowestBucket();
                var floor = Floor(i);
                var laneKey = lane < 0 ? ulong.MaxValue : Key(_lanes[lane].Head.Time);
                if (laneKey < floor)
                {
                    return PopLane(lane);
                }

                Spread(i, laneKey);
            }

            if (zero.Count > 0)
            {
                var least = 0;
                var items = zero.Items;
                for (var j = 1; j < zero.Count; j++)
                {
                    if (items[j].Order < items[least].Order)
                    {
                        least = j;
                    }
                }

                if (lane < 0 || Less(in items[least], in _lanes[lane].Head))
                {
                    var e = items[least];
                    _radixCount--;
                    if (zero.RemoveAt(least) == 0)
                    {
                        _nonEmpty[0] &= ~1UL;
                    }

                    return e;
                }
            }
        }

        return PopLane(lane);
    }

    private SimEvent PopLane(int kind)
    {
        var lane = _lanes[kind];
        var e = lane.Head;
        if (lane.RemoveHead() == 0)
        {
            _nonEmptyLanes &= ~(1 << kind);
        }

        return e;
    }

    /// <summary>
    /// Moves the last key up to the least of bucket <paramref name="i"/>'s keys and <paramref name="cap"/> (a key at or
    /// above the bucket's floor, so in the bucket's range), and spreads the bucket's events down to the buckets they
    /// belong in from it. Buckets above keep their events: their keys differ from the new last key at the same bit.
    /// </summary>
    private void Spread(int i, ulong cap)
    {
        var buckets = _buckets;
        var bucket = buckets[i];
        var items = bucket.Items;
        var n = bucket.Count;
        var least = cap;
        for (var j = 0; j < n; j++)
        {
            least = Math.Min(least, Key(items[j].Time));
        }

        _lastKey = least;
        bucket.Count = 0;
        _nonEmpty[i >> 6] &= ~(1UL << i);
        for (var j = 0; j < n; j++)
        {
            RadixAdd(in items[j], Key(items[j].Time));
        }
    }

    /// <summary>The lowest non-empty bucket of the radix heap (which must hold an event).</summary>
    private int LowestBucket()
    {
        var w = 0;
        while (_nonEmpty[w] == 0)
        {
            w++;
        }

        return (w << 6) + BitOperations.TrailingZeroCount(_nonEmpty[w]);
    }

    /// <summary>The least key bucket <paramref name="i"/> (not 0) can hold: the last key's digits above its level, its digit.</summary>
    private ulong Floor(int i)
    {
        var level = i / Digits;
        var shift = DigitBits * level;
        var above = shift + DigitBits >= 64 ? 0UL : _lastKey >> (shift + DigitBits) << (shift + DigitBits);
        return above | ((ulong)(i % Digits) << shift);
    }

    /// <summary>The time's bits as an unsigned number: monotone in the time for non-negative times (−0 counts as 0).</summary>
    private static ulong Key(double time) => BitConverter.DoubleToUInt64Bits(time) & 0x7FFF_FFFF_FFFF_FFFFUL;

    private void RadixAdd(in SimEvent e, ulong key)
    {
        var x = key ^ _lastKey;
        int b;
        if (x == 0)
        {
            b = 0;
        }
        else
        {
            var level = (63 - BitOperations.LeadingZeroCount(x)) / DigitBits;
            b = (level * Digits) + (int)((key >> (DigitBits * level)) & (Digits - 1));
        }

        _buckets[b].Add(in e);
        _nonEmpty[b >> 6] |= 1UL << b;
    }

    private static bool Less(in SimEvent x, in SimEvent y) => x.Time < y.Time || (x.Time == y.Time && x.Order < y.Order);

    /// <summary>An unordered growable list of events: one bucket of the radix heap.</summary>
    private sealed class Bucket(int capacity)
    {
        public SimEvent[] Items = capacity == 0 ? [] : new SimEvent[capacity];
        public int Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(in SimEvent e)
        {
            if (Count == Items.Length)
            {
                Grow();
            }

            Items[Count++] = e;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Grow() => Array.Resize(ref Items, Math.Max(16, Items.Length * 2));

        /// <summary>Removes the item at an index (the last takes its place); returns how many are left.</summary>
        public int RemoveAt(int index)
        {
            Items[index] = Items[--Count];
            return Count;
        }
    }

    /// <summary>A FIFO of events in order on a growable ring buffer.</summary>
    private sealed class Lane
    {
        private SimEvent[] _items = new SimEvent[64];
        private int _head;

        public int Count { get; private set; }

        public double LastTime { get; private set; }

        public ref readonly SimEvent Head => ref _items[_head];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(in SimEvent e)
        {
            if (Count == _items.Length)
            {
                Grow();
            }

            _items[(_head + Count) & (_items.Length - 1)] = e;
            Count++;
            LastTime = e.Time;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Grow()
        {
            var bigger = new SimEvent[_items.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                bigger[i] = _items[(_head + i) & (_items.Length - 1)];
            }

            _items = bigger;
            _head = 0;
        }

        /// <summary>Drops the head; returns how many are left.</summary>
        public int RemoveHead()
        {
            _head = (_head + 1) & (_items.Length - 1);
            return --Count;
        }
    }
}
