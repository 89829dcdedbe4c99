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
    // The time of each non-empty lane's head, read in place of the lanes themselves when they are compared.
    private readonly double[] _laneHeadTime = new double[Kinds];
    // The lowest non-empty bucket above 0 and its floor, while _lowestBucket ≥ 0: kept until a spread or an event
    // added below it.
    private int _lowestBucket = -1;
    private ulong _lowestFloor;
    private ulong _sequence;
    private double _lastPopped = double.NegativeInfinity;

    // The wheel: a ring of slots a power of two seconds wide (so a time's slot is exact) over the window of slots from
    // the slot of the last event it gave up. An event there goes to its slot's list, unsorted; the least slot with an
    // event is found from a bitmap and its list scanned. A slot holds at most MaxPerSlot events; later ones, and those
    // past the window, go to the radix heap.
    private const int MaxPerSlot = 8;
    private readonly double _scale;
    private readonly int _slotMask;
    private readonly int[] _slotHead = [];
    private readonly byte[] _slotCount = [];
    private readonly ulong[] _slotBits = [];
    private readonly ulong[] _slotSummary = [];
    private WheelNode[] _nodes = [];
    private int _freeNode = -1;
    private int _nodeCount;
    private int _wheelCount;
    // The wheel's least event, its slot and the node before it in the slot's list, while _wheelLeastKnown: a push
    // keeps it, a pop from the wheel drops it.
    private bool _wheelLeastKnown;
    private int _wheelLeastSlot;
    private int _wheelLeast;
    private int _wheelLeastPrevious;
    private long _windowStart;
    private double _windowStartSlot;
    private double _windowEndSlot;

    /// <summary>A queue of the lanes and the radix heap alone.</summary>
    public EventQueue()
        : this(0)
    {
    }

    /// <summary>
    /// A queue with a wheel sized for events scheduled about <paramref name="typicalDelaySeconds"/> ahead (a service
    /// time): its window covers two to four of them in 2^<paramref name="slotBits"/> slots. 0, or a delay that is not
    /// a positive finite number: no wheel.
    /// </summary>
    public EventQueue(double typicalDelaySeconds, int slotBits = 16)
    {
        if (!(typicalDelaySeconds > 0) || !double.IsFinite(typicalDelaySeconds))
        {
            return;
        }

        var slots = 1 << slotBits;
        var exponent = (int)Math.Floor(Math.Log2(4 * typicalDelaySeconds / slots));
        if (exponent is < -60 or > 60)
        {
            return;
        }

        _scale = Math.ScaleB(1.0, -exponent);
        _slotMask = slots - 1;
        _slotHead = new int[slots];
        Array.Fill(_slotHead, -1);
        _slotCount = new byte[slots];
        _slotBits = new ulong[slots / 64];
        _slotSummary = new ulong[Math.Max(1, slots / 4096)];
        _nodes = new WheelNode[64];
        _windowEndSlot = slots;
    }

    /// <summary>The width of a wheel slot in seconds, or 0 when the queue has no wheel.</summary>
    public double SlotSeconds => _scale > 0 ? 1 / _scale : 0;

    public int Count => _count;

    public void Push(double time, EventKind kind, int a = 0, int b = 0)
    {
        var e = new SimEvent { Time = time, Order = ((ulong)kind << KindShift) | _sequence++, A = a, B = b };
        _count++;
        var lane = _lanes[(int)kind];
        if (lane.Count == 0 || !(time < lane.LastTime))
        {
            // Same kind, later sequence: at or after the lane's last event in the order.
            if (lane.Count == 0)
            {
                _laneHeadTime[(int)kind] = time;
            }

            lane.Add(e);
            _nonEmptyLanes |= 1 << (int)kind;
            return;
        }

        if (time < _lastPopped)
        {
            throw new InvalidOperationException($"an event was scheduled at {time} s, before the last event handled; the simulator schedules nothing in the past");
        }

        var x = time * _scale;
        if (x < _windowEndSlot && x >= _windowStartSlot)
        {
            var slot = (int)((long)x & _slotMask);
            if (_slotCount[slot] < MaxPerSlot)
            {
                WheelAdd(in e, slot);
                return;
            }
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
        var e = PopLeast();
        _lastPopped = e.Time;
        return e;
    }

    private SimEvent PopLeast()
    {
        // The least of the lanes' heads.
        // Lanes are taken in kind order, so of equal times the first is the least in the total order.
        var lane = -1;
        var laneTime = 0.0;
        var mask = _nonEmptyLanes;
        var heads = _laneHeadTime;
        if (mask != 0)
        {
            lane = BitOperations.TrailingZeroCount(mask);
            laneTime = heads[lane];
            mask &= mask - 1;
            while (mask != 0)
            {
                var k = BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                if (heads[k] < laneTime)
                {
                    lane = k;
                    laneTime = heads[k];
                }
            }
        }

        _count--;

        // The wheel's least: in its first slot with an event from the window's start, the least of the slot's list.
        int wheelSlot = -1, wheelNode = -1, wheelPrevious = -1;
        if (_wheelCount > 0 && _wheelLeastKnown)
        {
            wheelSlot = _wheelLeastSlot;
            wheelNode = _wheelLeast;
            wheelPrevious = _wheelLeastPrevious;
        }
        else if (_wheelCount > 0)
        {
            var start = (int)(_windowStart & _slotMask);
            wheelSlot = NextSlot(start);
            if (wheelSlot < 0)
            {
                wheelSlot = NextSlot(0);
            }

            var nodes = _nodes;
            wheelNode = _slotHead[wheelSlot];
            for (int previous = wheelNode, n = nodes[wheelNode].Next; n >= 0; previous = n, n = nodes[n].Next)
            {
                if (Less(in nodes[n].Event, in nodes[wheelNode].Event))
                {
                    wheelNode = n;
                    wheelPrevious = previous;
                }
            }

            _wheelLeastKnown = true;
            _wheelLeastSlot = wheelSlot;
            _wheelLeast = wheelNode;
            _wheelLeastPrevious = wheelPrevious;
        }

        var wheelFirst = wheelNode >= 0 && (lane < 0 || _nodes[wheelNode].Event.Time < laneTime ||
            (_nodes[wheelNode].Event.Time == laneTime && _nodes[wheelNode].Event.Order < _lanes[lane].Head.Order));
        if (_radixCount > 0)
        {
            var zero = _buckets[0];
            var haveBest = wheelFirst || lane >= 0;
            if (zero.Count == 0)
            {
                // The radix heap's least is in its lowest non-empty bucket, at or above that bucket's floor. A lane head
                // or wheel event below the floor comes first; otherwise the bucket is spread down from the lesser of its
                // least and that event, so the last key never passes the time of the event popped.
                if (_lowestBucket < 0)
                {
                    _lowestBucket = LowestBucket();
                    _lowestFloor = Floor(_lowestBucket);
                }

                var i = _lowestBucket;
                var floor = _lowestFloor;
                var bestKey = !haveBest ? ulong.MaxValue : Key(wheelFirst ? _nodes[wheelNode].Event.Time : laneTime);
                if (bestKey < floor)
                {
                    return wheelFirst ? PopWheel(wheelSlot, wheelNode, wheelPrevious) : PopLane(lane);
                }

                Spread(i, bestKey);
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

                if (!haveBest || Less(in items[least], in wheelFirst ? ref _nodes[wheelNode].Event : ref _lanes[lane].Head))
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

        return wheelFirst ? PopWheel(wheelSlot, wheelNode, wheelPrevious) : PopLane(lane);
    }

    private void WheelAdd(in SimEvent e, int slot)
    {
        int node;
        if (_freeNode >= 0)
        {
            node = _freeNode;
            _freeNode = _nodes[node].Next;
        }
        else
        {
            if (_nodeCount == _nodes.Length)
            {
                Array.Resize(ref _nodes, _nodes.Length * 2);
            }

            node = _nodeCount++;
        }

        _nodes[node].Event = e;
        _nodes[node].Next = _slotHead[slot];
        _slotHead[slot] = node;
        if (_wheelLeastKnown)
        {
            if (Less(in e, in _nodes[_wheelLeast].Event))
            {
                _wheelLeastSlot = slot;
                _wheelLeast = node;
                _wheelLeastPrevious = -1;
            }
            else if (slot == _wheelLeastSlot && _wheelLeastPrevious < 0)
            {
                // The least was its slot's head: the new node now comes before it.
                _wheelLeastPrevious = node;
            }
        }

        _slotCount[slot]++;
        _slotBits[slot >> 6] |= 1UL << slot;
        _slotSummary[slot >> 12] |= 1UL << (slot >> 6);
        _wheelCount++;
    }

    /// <summary>Takes a node off its slot's list; the window then starts at its slot, the least slot with an event.</summary>
    private SimEvent PopWheel(int slot, int node, int previous)
    {
        var nodes = _nodes;
        var e = nodes[node].Event;
        if (previous < 0)
        {
            _slotHead[slot] = nodes[node].Next;
        }
        else
        {
            nodes[previous].Next = nodes[node].Next;
        }

        nodes[node].Next = _freeNode;
        _freeNode = node;
        _wheelCount--;
        _wheelLeastKnown = false;
        if (--_slotCount[slot] == 0)
        {
            var word = slot >> 6;
            if ((_slotBits[word] &= ~(1UL << slot)) == 0)
            {
                _slotSummary[word >> 6] &= ~(1UL << word);
            }
        }

        _windowStart = (long)(e.Time * _scale);
        _windowStartSlot = _windowStart;
        _windowEndSlot = _windowStart + (double)(_slotMask + 1);
        return e;
    }

    /// <summary>The first slot at or after <paramref name="from"/> (not wrapping) with an event, or −1.</summary>
    private int NextSlot(int from)
    {
        var word = from >> 6;
        var bits = _slotBits[word] & (~0UL << from);
        if (bits != 0)
        {
            return (word << 6) + BitOperations.TrailingZeroCount(bits);
        }

        for (var w = word + 1; w < _slotBits.Length;)
        {
            var summary = _slotSummary[w >> 6] & (~0UL << w);
            if (summary != 0)
            {
                var found = ((w >> 6) << 6) + BitOperations.TrailingZeroCount(summary);
                return (found << 6) + BitOperations.TrailingZeroCount(_slotBits[found]);
            }

            w = ((w >> 6) + 1) << 6;
        }

        return -1;
    }

    private SimEvent PopLane(int kind)
    {
        var lane = _lanes[kind];
        var e = lane.Head;
        if (lane.RemoveHead() == 0)
        {
            _nonEmptyLanes &= ~(1 << kind);
        }
        else
        {
            _laneHeadTime[kind] = lane.Head.Time;
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
        _lowestBucket = -1;
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
        if (b < _lowestBucket)
        {
            _lowestBucket = -1;
        }
    }

    private struct WheelNode
    {
        public SimEvent Event;
        public int Next;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
