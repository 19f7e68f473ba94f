using LossLandscape.Data;
using LossLandscape.Surface;

namespace LossLandscape.Benchmarks;

/// <summary>
/// The surface and the training loop computed the way the seed article's program does: for every grid point set the
/// weights, then walk the test set in batches of 32 and average the batch losses; train by gathering every minibatch
/// into fresh arrays (as a DataLoader builds fresh tensors). Scalar Math.Tanh, one thread, no algebra.
/// </summary>
internal static class NaiveBaseline
{
    public const int BatchSize = 32;

    /// <summary>The 1 → N → 1 network's loss as the article's test_loss(): the mean of the batch means.</summary>
    public static double TestLoss(double[] weights, RegressionSet test)
    {
        var hidden = weights.Length / 2;
        var total = 0.0;
        var batches = 0;
        for (var start = 0; start < test.Count; start += BatchSize)
        {
            var end = Math.Min(start + BatchSize, test.Count);
            var sum = 0.0;
            for (var k = start; k < end; k++)
            {
                var prediction = 0.0;
                for (var h = 0; h < hidden; h++)
                {
                    prediction += weights[hidden + h] * Math.Tanh(weights[h] * test.X[k]);
                }

                var r = prediction - test.Y[k];
                sum += r * r;
            }

            total += sum / (end - start);
            batches++;
        }

        return total / batches;
    }

    /// <summary>The article's grid loop: set the weights at every point, then compute the test loss there.</summary>
    public static double[] Surface(SurfacePlane plane, GridAxis axis1, GridAxis axis2, RegressionSet test)
    {
        var values = new double[axis1.Count * axis2.Count];
        for (var i = 0; i < axis1.Count; i++)
        {
            for (var j = 0; j < axis2.Count; j++)
            {
                var weights = new double[plane.Origin.Length];
                plane.PointAt(axis1[i], axis2[j], weights);
                values[(i * axis2.Count) + j] = TestLoss(weights, test);
            }
        }

        return values;
    }

    /// <summary>The article's training loop for one hidden unit: shuffled minibatches, SGD, the test loss after every epoch.</summary>
    public static List<double[]> Train(RegressionSet train, RegressionSet test, int epochs, double learningRate, uint shuffleSeed)
    {
        double w1 = -1, w2 = -1;
        var records = new List<double[]> { new[] { w1, w2, TestLoss([w1, w2], test) } };
        var order = Enumerable.Range(0, train.Count).ToArray();
        var random = new LegacyRandom(shuffleSeed);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle<int>(order);
            for (var start = 0; start < order.Length; start += BatchSize)
            {
                var indices = order.Skip(start).Take(BatchSize).ToArray();
                var xb = indices.Select(i => train.X[i]).ToArray();
                var yb = indices.Select(i => train.Y[i]).ToArray();
                var t = xb.Select(x => Math.Tanh(w1 * x)).ToArray();
                var residual = t.Select((tk, k) => (w2 * tk) - yb[k]).ToArray();
                var g2 = 2.0 / xb.Length * residual.Select((r, k) => r * t[k]).Sum();
                var g1 = 2.0 / xb.Length * residual.Select((r, k) => r * w2 * (1 - (t[k] * t[k])) * xb[k]).Sum();
                w1 -= learningRate * g1;
                w2 -= learningRate * g2;
            }

            records.Add([w1, w2, TestLoss([w1, w2], test)]);
        }

        return records;
    }
}
