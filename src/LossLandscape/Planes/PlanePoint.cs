namespace LossLandscape.Planes;

/// <summary>A parameter vector a plane is built from: a record of the path (by index) or a vector given outright.</summary>
/// <param name="Record">Index into the path's records (trajectory.csv's rows), or null for a given vector.</param>
/// <param name="Vector">The parameter vector, or null for a record.</param>
/// <param name="Source">Where a given vector came from (e.g. <c>weights.npy:3</c>), for directions.json.</param>
public sealed record PlanePoint(int? Record, double[]? Vector = null, string? Source = null)
{
    /// <summary>The record with index <paramref name="index"/>.</summary>
    public static PlanePoint OfRecord(int index) => new(index);

    /// <summary>A given vector from <paramref name="source"/>.</summary>
    public static PlanePoint OfVector(double[] vector, string source) => new(null, vector, source);

    /// <summary>How directions.json names it: the record index or the source.</summary>
    public string Describe() => Record is { } r ? $"record {r}" : Source ?? "given vector";

    /// <summary>The vector this point stands for, validated against the records and the parameter count.</summary>
    internal double[] Resolve(IReadOnlyList<double[]> records, int parameters, string field)
    {
        if (Record is { } index)
        {
            if (index < 0 || index >= records.Count)
            {
                throw new InvalidOptionException(field, $"record {index} is out of range: the path has records 0..{records.Count - 1}");
            }

            return records[index];
        }

        if (Vector is null)
        {
            throw new InvalidOptionException(field, "a point needs a record index or a parameter vector");
        }

        if (Vector.Length != parameters)
        {
            throw new InvalidOptionException(field, $"{Describe()} has {Vector.Length} parameters; the model has {parameters}");
        }

        if (!Vector.All(double.IsFinite))
        {
            throw new InvalidOptionException(field, $"{Describe()} holds a value that is not finite");
        }

        return Vector;
    }
}
