using InferenceWall.Simulation.Engine;

namespace InferenceWall.Simulation.Tests;

public class EventQueueTests
{
    /// <summary>
    /// Drives the queue as the engine does (every push at or after the time of the last pop) with a mix of delays that
    /// exercises each path: in-order pushes that stay in a lane, out-of-order ones that go to the radix heap, ties at one
    /// time of one kind and of several, zero delays, and far events. Every pop must be the reference's: a sorted set of
    /// (time, kind, sequence). The queue runs without a wheel and with wheels whose slots are far finer than the
    /// delays (most events past the window), about the engine's (150 s), and far coarser (slots that fill and send
    /// their events on to the radix heap).
    /// </summary>
    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 0.0)]
    [InlineData(3, 0.0)]
    [InlineData(4, 0.0)]
    [InlineData(1, 150.0)]
    [InlineData(2, 150.0)]
    [InlineData(3, 0.001)]
    [InlineData(4, 1.0)]
    [InlineData(5, 20_000.0)]
    public void Pops_InTheOrderOfTimeKindSequence_WhateverThePushes(ulong seed, double wheelDelaySeconds)
    {
        var rng = new Rng(seed);
        var queue = new EventQueue(wheelDelaySeconds);
        Assert.Equal(wheelDelaySeconds > 0, queue.SlotSeconds > 0);
        var reference = new SortedSet<(double Time, int Kind, long Sequence)>();
        long sequence = 0;
        var now = 0.0;
        var kinds = Enum.GetValues<EventKind>();

        void Push(double time, EventKind kind)
        {
            queue.Push(time, kind, a: (int)sequence, b: -(int)sequence);
            reference.Add((time, (int)kind, sequence++));
        }

        for (var i = 0; i < 64; i++)
        {
            Push(rng.NextDouble() * 10, kinds[i % kinds.Length]);
        }

        for (var step = 0; step < 200_000; step++)
        {
            var pushes = reference.Count < 10 ? 3 : (int)(rng.NextUInt64() % 3);
            for (var p = 0; p < pushes; p++)
            {
                var kind = kinds[rng.NextUInt64() % (ulong)kinds.Length];
                var delay = (rng.NextUInt64() % 6) switch
                {
                    0 => 0.0,
                    1 => 150,
                    2 => rng.Exponential(1),
                    3 => 150 * Math.Exp(0.1 * rng.Normal()),
                    4 => rng.Exponential(3600 * 20),
                    _ => Math.Floor(rng.NextDouble() * 4) * 0.5,
                };
                Push(now + delay, kind);
            }

            var e = queue.Pop();
            var expected = reference.Min;
            reference.Remove(expected);
            Assert.Equal(expected.Time, e.Time);
            Assert.Equal((EventKind)expected.Kind, e.Kind);
            Assert.Equal((int)expected.Sequence, e.A);
            Assert.Equal(-(int)expected.Sequence, e.B);
            Assert.Equal(reference.Count, queue.Count);
            now = e.Time;
        }

        while (queue.Count > 0)
        {
            var e = queue.Pop();
            var expected = reference.Min;
            reference.Remove(expected);
            Assert.Equal(expected.Time, e.Time);
            Assert.Equal((int)expected.Sequence, e.A);
        }

        Assert.Empty(reference);
    }

    [Theory]
    [InlineData(150.0, 1.0 / 128)]
    [InlineData(1.0, 1.0 / 16384)]
    [InlineData(0.0, 0.0)]
    [InlineData(double.PositiveInfinity, 0.0)]
    [InlineData(double.NaN, 0.0)]
    public void WheelSlots_ArePowersOfTwoSeconds_CoveringTwoToFourDelays(double delaySeconds, double expectedSlotSeconds)
    {
        var queue = new EventQueue(delaySeconds);
        Assert.Equal(expectedSlotSeconds, queue.SlotSeconds);
        if (expectedSlotSeconds > 0)
        {
            var window = queue.SlotSeconds * 65536;
            Assert.InRange(window, 2 * delaySeconds, 4 * delaySeconds);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(150.0)]
    public void AnEventBeforeTheLastHandled_IsRefused(double wheelDelaySeconds)
    {
        var queue = new EventQueue(wheelDelaySeconds);
        queue.Push(100, EventKind.ServiceDone);
        queue.Push(200, EventKind.ServiceDone);
        Assert.Equal(100, queue.Pop().Time);
        var error = Assert.Throws<InvalidOperationException>(() => queue.Push(99, EventKind.ServiceDone));
        Assert.Contains("before the last event handled", error.Message);
    }
}
