namespace LossLandscape.Data;

/// <summary>Which columns of a CSV data file are the target, the inputs and the train/test split.</summary>
/// <param name="Target">The target column; null means the last column that is not the split column.</param>
/// <param name="Features">The input columns in the order given; null means every other column, in file order.</param>
/// <param name="Split">A column of <c>train</c>/<c>test</c> labels that replaces the random split; null for none.</param>
/// <param name="Classes">When set, the target holds class indices that must be integers in 0…Classes−1.</param>
public sealed record CsvColumns(string? Target = null, IReadOnlyList<string>? Features = null, string? Split = null, int? Classes = null);
