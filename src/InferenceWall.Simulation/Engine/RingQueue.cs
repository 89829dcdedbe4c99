namespace InferenceWall.Simulation.Engine;

/// <summary>A request: when it arrived, its tier and its clip class. It travels by value: queue, replica, queue.</summary>
internal struct Request
{
    public double Arrival;
    public int Tier;
    public int Clip;
}

/// <summary>A FIFO of requests on a growable ring buffer, with push to the front for re-queued work.</summary>
internal sealed class RingQueue
{
    private Request[] _items = new Request[256];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Enqueue(in Request item)
    {
        Grow();
        _items[(_head + _count) & (_items.Length - 1)] = item;
        _count++;
    }

    public void PushFront(in Request item)
    {
        Grow();
        _head = (_head - 1) & (_items.Length - 1);
        _items[_head] = item;
        _count++;
    }

    public Request Dequeue()
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

        var bigger = new Request[_items.Length * 2];
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
