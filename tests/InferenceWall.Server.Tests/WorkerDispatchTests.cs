using InferenceWall.Worker;

namespace InferenceWall.Server.Tests;

/// <summary>Issue 12: the coordinator's choice of worker for each chunk (fewest in flight for its slots, one waiting at most).</summary>
public sealed class WorkerDispatchTests
{
    [Fact]
    public async Task Chunks_GoToTheLeastBusyWorker_EachHoldingAtMostItsSlotsPlusOne()
    {
        var dispatch = new WorkerDispatch<string>();
        dispatch.Add("a", 1);
        dispatch.Add("b", 3);

        var taken = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            taken.Add(await dispatch.AcquireAsync(CancellationToken.None));
        }

        // a: 1 slot + 1 waiting; b: 3 slots + 1 waiting; always the lowest in flight per slot, the first joined on a tie.
        Assert.Equal(["a", "b", "b", "b", "a", "b"], taken);
        Assert.Equal((2, 4), (dispatch.Busy("a"), dispatch.Busy("b")));

        var waiting = dispatch.AcquireAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        dispatch.Release("b");
        Assert.Equal("b", await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AWorkerThatJoins_TakesTheWaitingCalls_AndOneThatLeaves_GetsNoMore()
    {
        var dispatch = new WorkerDispatch<string>();
        var first = dispatch.AcquireAsync(CancellationToken.None);
        Assert.False(first.IsCompleted);

        dispatch.Add("a", 1);
        Assert.Equal("a", await first.WaitAsync(TimeSpan.FromSeconds(5)));

        dispatch.Add("b", 1);
        dispatch.Remove("a");
        Assert.Equal(["b"], dispatch.Workers);
        Assert.Equal("b", await dispatch.AcquireAsync(CancellationToken.None));
        Assert.Equal("b", await dispatch.AcquireAsync(CancellationToken.None));

        // A call on the worker that left ends: nothing changes, and nothing goes to it.
        dispatch.Release("a");
        Assert.False(dispatch.Knows("a"));
        Assert.False(dispatch.AcquireAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task AWaitingCallCancelled_EndsCancelled_AndLeavesThePlaceToTheNext()
    {
        var dispatch = new WorkerDispatch<string>();
        dispatch.Add("a", 1);
        await dispatch.AcquireAsync(CancellationToken.None);
        await dispatch.AcquireAsync(CancellationToken.None);

        using var cancel = new CancellationTokenSource();
        var cancelled = dispatch.AcquireAsync(cancel.Token);
        var next = dispatch.AcquireAsync(CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        dispatch.Release("a");
        Assert.Equal("a", await next.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, dispatch.Busy("a"));
    }

    [Fact]
    public void SlotsBelowOne_AreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerDispatch<string>().Add("a", 0));
}
