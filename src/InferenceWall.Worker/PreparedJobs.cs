using System.Security.Cryptography;
using System.Text;
using InferenceWall.Application;

namespace InferenceWall.Worker;

/// <summary>
/// The jobs a worker has prepared lately, by the SHA-256 of their request: a job whose preparation is itself work (the
/// optimizer's analytic ranking, seconds for a large search) is prepared once per worker, not once per chunk. Preparing
/// is deterministic, so a worker's copy is every other worker's. At most <see cref="Capacity"/> jobs are kept.
/// </summary>
public sealed class PreparedJobs
{
    public const int Capacity = 4;

    private readonly Lock _gate = new();
    private readonly LinkedList<(string Key, object Job)> _recent = new();

    /// <summary>The prepared job of <paramref name="job"/>'s request, prepared with <paramref name="prepare"/> if no chunk of it came here lately.</summary>
    public Outcome<T> Get<T>(ChunkJob job, Func<Outcome<T>> prepare)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(prepare);
        var key = typeof(T).Name + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(job.Request)));
        Lazy<Outcome<T>> entry;
        lock (_gate)
        {
            var node = _recent.First;
            while (node is not null && node.Value.Key != key)
            {
                node = node.Next;
            }

            if (node is not null)
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                entry = (Lazy<Outcome<T>>)node.Value.Job;
            }
            else
            {
                entry = new Lazy<Outcome<T>>(prepare, LazyThreadSafetyMode.ExecutionAndPublication);
                _recent.AddFirst((key, entry));
                while (_recent.Count > Capacity)
                {
                    _recent.RemoveLast();
                }
            }
        }

        return entry.Value;
    }
}
