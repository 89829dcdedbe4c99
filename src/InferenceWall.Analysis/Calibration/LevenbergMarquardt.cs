namespace InferenceWall.Analysis.Calibration;

/// <summary>
/// Levenberg–Marquardt least squares with forward-difference Jacobians: minimises Σ rᵢ(θ)².
/// Deterministic; no randomness and no parallelism. Cancellation is checked once per iteration.
/// </summary>
internal static class LevenbergMarquardt
{
    public static double[] Minimize(Func<double[], double[]> residuals, double[] start, int maxIterations = 200, double tolerance = 1e-10, CancellationToken cancel = default)
    {
        var theta = (double[])start.Clone();
        var r = residuals(theta);
        var cost = SumSquares(r);
        var lambda = 1e-2;
        var n = theta.Length;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            cancel.ThrowIfCancellationRequested();
            var m = r.Length;
            var jacobian = new double[m, n];
            for (var j = 0; j < n; j++)
            {
                var h = 1e-6 * Math.Max(1.0, Math.Abs(theta[j]));
                var shifted = (double[])theta.Clone();
                shifted[j] += h;
                var rs = residuals(shifted);
                for (var i = 0; i < m; i++)
                {
                    jacobian[i, j] = (rs[i] - r[i]) / h;
                }
            }

            var jtj = new double[n, n];
            var jtr = new double[n];
            for (var a = 0; a < n; a++)
            {
                for (var i = 0; i < m; i++)
                {
                    jtr[a] += jacobian[i, a] * r[i];
                }

                for (var b = a; b < n; b++)
                {
                    var s = 0.0;
                    for (var i = 0; i < m; i++)
                    {
                        s += jacobian[i, a] * jacobian[i, b];
                    }

                    jtj[a, b] = s;
                    jtj[b, a] = s;
                }
            }

            var improved = false;
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var system = new double[n, n];
                var rhs = new double[n];
                for (var a = 0; a < n; a++)
                {
                    for (var b = 0; b < n; b++)
                    {
                        system[a, b] = jtj[a, b];
                    }

                    system[a, a] += lambda * Math.Max(jtj[a, a], 1e-12);
                    rhs[a] = -jtr[a];
                }

                var step = Solve(system, rhs);
                if (step is null)
                {
                    lambda *= 10;
                    continue;
                }

                var candidate = new double[n];
                for (var a = 0; a < n; a++)
                {
                    candidate[a] = theta[a] + step[a];
                }

                var rc = residuals(candidate);
                var cc = SumSquares(rc);
                if (double.IsFinite(cc) && cc < cost)
                {
                    var relative = (cost - cc) / Math.Max(cost, 1e-300);
                    theta = candidate;
                    r = rc;
                    cost = cc;
                    lambda = Math.Max(lambda / 3, 1e-12);
                    improved = true;
                    if (relative < tolerance)
                    {
                        return theta;
                    }

                    break;
                }

                lambda *= 4;
            }

            if (!improved)
            {
                break;
            }
        }

        return theta;
    }

    private static double SumSquares(double[] r)
    {
        var s = 0.0;
        foreach (var x in r)
        {
            s += x * x;
        }

        return s;
    }

    /// <summary>Gaussian elimination with partial pivoting; null when singular.</summary>
    private static double[]? Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (Math.Abs(a[pivot, col]) < 1e-300)
            {
                return null;
            }

            if (pivot != col)
            {
                for (var k = 0; k < n; k++)
                {
                    (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
                }

                (b[col], b[pivot]) = (b[pivot], b[col]);
            }

            for (var row = col + 1; row < n; row++)
            {
                var f = a[row, col] / a[col, col];
                for (var k = col; k < n; k++)
                {
                    a[row, k] -= f * a[col, k];
                }

                b[row] -= f * b[col];
            }
        }

        var x = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var s = b[row];
            for (var k = row + 1; k < n; k++)
            {
                s -= a[row, k] * x[k];
            }

            x[row] = s / a[row, row];
        }

        return x;
    }
}
