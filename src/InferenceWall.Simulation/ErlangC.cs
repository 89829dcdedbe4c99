namespace InferenceWall.Simulation;

/// <summary>Closed forms of the M/M/c queue.</summary>
public static class ErlangC
{
    /// <summary>
    /// Probability that an arrival waits, C(c, a) with offered load a = λ/μ, from the Erlang B recursion
    /// B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), then C = B / (1 − ρ(1 − B)) with ρ = a/c (numerically stable).
    /// </summary>
    public static double WaitProbability(int servers, double offeredLoad)
    {
        if (servers < 1 || offeredLoad < 0 || offeredLoad >= servers)
        {
            throw new ArgumentOutOfRangeException(nameof(offeredLoad), "need servers >= 1 and 0 <= offered load < servers");
        }

        var b = 1.0;
        for (var k = 1; k <= servers; k++)
        {
            b = offeredLoad * b / (k + (offeredLoad * b));
        }

        var rho = offeredLoad / servers;
        return b / (1 - (rho * (1 - b)));
    }

    /// <summary>Mean wait in queue W_q = C(c, a) / (c·μ − λ).</summary>
    public static double MeanWait(int servers, double arrivalRate, double serviceRate)
    {
        var a = arrivalRate / serviceRate;
        return WaitProbability(servers, a) / ((servers * serviceRate) - arrivalRate);
    }
}
