namespace LossLandscape.Data;

/// <summary>
/// The indices of scikit-learn's <c>train_test_split(test_size=f, random_state=seed)</c>:
/// a legacy permutation, test first, then train.
/// </summary>
public sealed class TrainTestSplit
{
    private TrainTestSplit(int[] train, int[] test)
    {
        Train = train;
        Test = test;
    }

    /// <summary>Indices of the training points, in the order the split gives them.</summary>
    public int[] Train { get; }

    /// <summary>Indices of the test points.</summary>
    public int[] Test { get; }

    /// <summary>The sizes scikit-learn chooses: test = ceil(f·n), train = n − test.</summary>
    public static (int Train, int Test) Sizes(int samples, double testFraction)
    {
        var test = (int)Math.Ceiling(testFraction * samples);
        return (samples - test, test);
    }

    /// <summary>Splits 0..n-1 as scikit-learn does with an integer random_state.</summary>
    public static TrainTestSplit Create(int samples, double testFraction, uint seed)
    {
        var (trainCount, testCount) = Sizes(samples, testFraction);
        var permutation = new LegacyRandom(seed).Permutation(samples);
        return new TrainTestSplit(permutation[testCount..(testCount + trainCount)], permutation[..testCount]);
    }

    /// <summary>The split a <c>split</c> column gives: rows marked test and rows marked train, each in file order.</summary>
    public static TrainTestSplit FromColumn(IReadOnlyList<bool> isTest)
    {
        ArgumentNullException.ThrowIfNull(isTest);
        var train = new List<int>();
        var test = new List<int>();
        for (var i = 0; i < isTest.Count; i++)
        {
            (isTest[i] ? test : train).Add(i);
        }

        return new TrainTestSplit([.. train], [.. test]);
    }
}
