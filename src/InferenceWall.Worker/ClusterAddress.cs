using System.Globalization;
using InferenceWall.Core.Problems;

namespace InferenceWall.Worker;

/// <summary>
/// Where a cluster's workers meet: <c>localhost:PORT</c> (several processes on this machine; the first worker listens
/// at PORT and PORT + 1 for clients, the others join it).
/// </summary>
public sealed record ClusterAddress(int Port)
{
    /// <summary>The gateway port clients connect to (the first worker's).</summary>
    public int GatewayPort => Port + 1;

    public static (ClusterAddress? Address, Problem? Problem) Parse(string path, string? text)
    {
        const string Fix = "give localhost:PORT, for example localhost:11111 (the first worker listens at PORT and PORT + 1)";
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, Problem.BadInput(path, "is empty", Fix));
        }

        var t = text.Trim();
        if (t.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem.BadInput(path, $"'{t}': Redis clustering is not built yet", Fix));
        }

        var colon = t.LastIndexOf(':');
        if (colon <= 0 || !string.Equals(t[..colon], "localhost", StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(t[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1024 or > 65534)
        {
            return (null, Problem.BadInput(path, $"'{t}' is not a cluster address (ports 1024 to 65534)", Fix));
        }

        return (new ClusterAddress(port), null);
    }
}
