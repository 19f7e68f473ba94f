using System.Globalization;
using LossLandscape.Surface;

namespace LossLandscape.Plotting;

/// <summary>
/// Hover data and text of a projected path (<see cref="PathView.IsProjected"/>): each record's epoch and step, its
/// projection (a, b), its distance to the plane, and per surface kind its true loss beside the surface's loss at the
/// projection, so that nobody takes the drawn point for the record itself.
/// </summary>
public static class ProjectionHover
{
    /// <summary>
    /// Per record: epoch, step, distance, then for each kind its true loss and the surface's loss at the projection
    /// (unscaled, whatever scale the view draws).
    /// </summary>
    public static object?[] Data(PathView path, IReadOnlyList<SurfaceQuantities> kinds)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(kinds);
        var distance = path.Distance ?? throw new ArgumentException($"path '{path.Name}' is not projected", nameof(path));
        var columns = kinds.Select(k => (True: path.TrueLoss(k), Surface: path.LossAtProjection(k))).ToArray();
        var data = new object?[path.A.Count];
        for (var r = 0; r < data.Length; r++)
        {
            var row = new object[3 + (2 * columns.Length)];
            row[0] = path.Epochs[r];
            row[1] = path.Steps[r];
            row[2] = distance[r];
            for (var c = 0; c < columns.Length; c++)
            {
                row[3 + (2 * c)] = columns[c].True[r];
                row[4 + (2 * c)] = columns[c].Surface[r];
            }

            data[r] = row;
        }

        return data;
    }

    /// <summary>The hover template over <see cref="Data"/> for the same kinds; <paramref name="label"/> follows the name.</summary>
    public static string Template(string name, string axis1Name, string axis2Name, IReadOnlyList<SurfaceQuantities> kinds, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var text = new System.Text.StringBuilder();
        text.Append("<b>").Append(LandscapeFigure.Escape(name)).Append("</b>");
        if (label is not null)
        {
            text.Append(' ').Append(LandscapeFigure.Escape(label));
        }

        text.Append(CultureInfo.InvariantCulture, $"<br>epoch %{{customdata[0]}} (step %{{customdata[1]}})<br>{axis1Name} = %{{x:.4f}}, {axis2Name} = %{{y:.4f}}")
            .Append("<br>distance to the plane = %{customdata[2]:.4g}");
        for (var c = 0; c < kinds.Count; c++)
        {
            text.Append(CultureInfo.InvariantCulture, $"<br>{SurfaceStyles.Label(kinds[c])}: true %{{customdata[{3 + (2 * c)}]:.6g}}, surface at ({axis1Name}, {axis2Name}) %{{customdata[{4 + (2 * c)}]:.6g}}");
        }

        return text.Append("<extra></extra>").ToString();
    }

    /// <summary>The kinds a 2-D hover lists: test, and training when the path has its training loss.</summary>
    public static IReadOnlyList<SurfaceQuantities> KindsOf(PathView path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.TrainLoss is null ? [SurfaceQuantities.Test] : [SurfaceQuantities.Test, SurfaceQuantities.Train];
    }
}
