namespace InferenceWall.Benchmarks.Frozen;

/// <summary>A FIFO of ints on a growable ring buffer, with push to the front for re-queued work.</summary>
internal sealed class RingQueue
{
    private int[] _items = new int[256];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Enqueue(int item)
    {
        Grow();
        _items[(_head + _count) & (_items.Length - 1)] = item;
        _count++;
    }

    public void PushFront(int item)
    {
        Grow();
        _head = (_head - 1) & (_items.Length - 1);
        _items[_head] = item;
        _count++;
    }

    public int Dequeue()
    {
        var item = _items[_head];
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        return item;
    }

    private void Grow()
    {
        if (_count < _items.Length)
        {
            return;
        }

        var bigger = new int[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        _items = bigger;
        _head = 0;
    }
}

/// <summary>A growable stack of ints.</summary>
internal sealed class IntStack
{
    private int[] _items = new int[64];

    public int Count { get; private set; }

    public void Push(int item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = item;
    }

    public int Pop() => _items[--Count];
}
