using LossLandscape.Models;
using LossLandscape.Surface;

namespace LossLandscape.Analysis;

/// <summary>
/// The loss of any <see cref="IModel"/> on any plane, with its derivatives in the plane's coordinates: the gradient
/// exactly, (∂L/∂a, ∂L/∂b) = (d₁·∇L, d₂·∇L) with ∇L the model's backpropagated gradient at θ₀ + a·d₁ + b·d₂, and the
/// 2 × 2 Hessian DᵀHD by central differences of those exact gradients along d₁ and d₂ (Richardson-extrapolated,
/// symmetrised). The step is h = ∛ε·max(1, ‖θ‖)/‖dᵢ‖ in plane units; with the extrapolation the truncation error is
/// O(h⁴) and rounding about ε·‖∇L‖/h, so the Hessian is good to about 1e-9 relative to its own scale for smooth losses
/// (checked against PyTorch's Hessian and against finite differences of the loss). Eight gradients per evaluation.
/// </summary>
/// <remarks>Not thread-safe: one instance holds its work vectors (nothing is allocated per evaluation).</remarks>
public sealed class ModelPlaneCalculus : IPlaneCalculus
{
    private readonly IModel _model;
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _theta;
    private readonly double[] _gradient;
    private readonly double[] _plus;
    private readonly double[] _minus;
    private readonly PlaneMetric _metric;
    private readonly double _norm1;
    private readonly double _norm2;

    /// <summary>Prepares the loss of <paramref name="model"/> over (x, y) on <paramref name="plane"/>.</summary>
    public ModelPlaneCalculus(IModel model, SurfacePlane plane, double[] x, double[] y)
    {
        CheckArguments(model, plane, x, y);
        _model = model;
        Plane = plane;
        _x = x;
        _y = y;
        var n = model.ParameterCount;
        _theta = new double[n];
        _gradient = new double[n];
        _plus = new double[n];
        _minus = new double[n];
        _metric = PlaneMetric.Of(plane);
        _norm1 = Math.Sqrt(_metric.AA);
        _norm2 = Math.Sqrt(_metric.BB);
    }

    /// <summary>The plane.</summary>
    public SurfacePlane Plane { get; }

    /// <summary>Throws unless the plane has the model's parameter count and (x, y) are a non-empty data set of its shape.</summary>
    internal static void CheckArguments(IModel model, SurfacePlane plane, double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (plane.Origin.Length != model.ParameterCount)
        {
            throw new ArgumentException($"the plane has {plane.Origin.Length} coordinates; the model has {model.ParameterCount} parameters", nameof(plane));
        }

        if (y.Length == 0 || x.Length % model.Inputs != 0 || (long)x.Length * model.Targets != (long)y.Length * model.Inputs)
        {
            throw new ArgumentException("the data set is empty or x and y do not match the model's inputs and outputs");
        }
    }

    /// <summary>The model.</summary>
    public IModel Model => _model;

    /// <summary>The Gram matrix of the plane's directions.</summary>
    public PlaneMetric Metric => _metric;

    /// <summary>The cube root of double precision's machine epsilon, the relative step of the central differences.</summary>
    public static readonly double RelativeStep = Math.Cbrt(Math.Pow(2, -52));

    /// <summary>The exact loss at (a, b).</summary>
    public double Loss(double a, double b)
    {
        Plane.PointAt(a, b, _theta);
        return _model.Loss(_theta, _x, _y);
    }

    /// <summary>The exact loss and gradient (∂L/∂a, ∂L/∂b) at (a, b), by one backpropagation.</summary>
    public (double Loss, double GradientA, double GradientB) Gradient(double a, double b)
    {
        Plane.PointAt(a, b, _theta);
        var loss = _model.LossAndGradient(_theta, _x, _y, _gradient);
        return (loss, Dot(Plane.Direction1, _gradient), Dot(Plane.Direction2, _gradient));
    }

    /// <summary>
    /// Each evaluation costs eight gradients over the whole data set, so the search refines only the most telling
    /// candidates (the lowest minima, highest maxima and flattest saddles of the grid).
    /// </summary>
    public int CandidateBudget => 12;

    /// <summary>Central differences of exact gradients.</summary>
    public string HessianMethod => "central differences of exact (backpropagated) gradients, Richardson-extrapolated";

    /// <summary>The exact loss and plane gradient at (a, b), and the plane Hessian by central differences of exact gradients.</summary>
    public PlaneDerivatives Evaluate(double a, double b)
    {
        var (loss, ga, gb) = Gradient(a, b);
        var thetaNorm = Norm(_theta);
        var scale = RelativeStep * Math.Max(1, thetaNorm);
        var h1 = scale / _norm1;
        var h2 = scale / _norm2;

        var (haa, hba) = SecondDerivatives(a, b, h1, 0);
        var (hab, hbb) = SecondDerivatives(a, b, 0, h2);
        return new PlaneDerivatives(loss, ga, gb, haa, 0.5 * (hab + hba), hbb);
    }

    /// <inheritdoc />
    public (double Low, double High) CurvatureEigenvalues(in PlaneDerivatives derivatives) => _metric.CurvatureEigenvalues(derivatives);

    /// <summary>
    /// (d₁·H·s, d₂·H·s) for the step s = (ha, hb) in plane units, from central differences of exact gradients at steps s
    /// and s/2 combined by Richardson extrapolation, (4·D(s/2) − D(s))/3, which cancels the O(s²) term: the error is
    /// O(s⁴), small even where the data make high derivatives large (inputs of size 20 make the fourth ~10⁵ times the second).
    /// </summary>
    private (double AlongD1, double AlongD2) SecondDerivatives(double a, double b, double ha, double hb)
    {
        var (full1, full2) = CentralDifference(a, b, ha, hb);
        var (half1, half2) = CentralDifference(a, b, 0.5 * ha, 0.5 * hb);
        return (((4 * half1) - full1) / 3, ((4 * half2) - full2) / 3);
    }

    /// <summary>(∇L(θ + s) − ∇L(θ − s)) / 2‖s‖ in plane units, dotted with d₁ and d₂.</summary>
    private (double AlongD1, double AlongD2) CentralDifference(double a, double b, double ha, double hb)
    {
        GradientAt(a + ha, b + hb, _plus);
        GradientAt(a - ha, b - hb, _minus);
        double along1 = 0, along2 = 0;
        for (var i = 0; i < _plus.Length; i++)
        {
            var diff = _plus[i] - _minus[i];
            along1 += Plane.Direction1[i] * diff;
            along2 += Plane.Direction2[i] * diff;
        }

        var step = 2 * (ha + hb); // one of the two is zero
        return (along1 / step, along2 / step);
    }

    private void GradientAt(double a, double b, double[] destination)
    {
        Plane.PointAt(a, b, _theta);
        _model.LossAndGradient(_theta, _x, _y, destination);
    }

    private static double Dot(double[] p, double[] q)
    {
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            sum += p[i] * q[i];
        }

        return sum;
    }

    private static double Norm(double[] v) => Math.Sqrt(Dot(v, v));
}
