using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

namespace LossLandscape.Benchmarks;

/// <summary>Runs every benchmark when started without arguments; otherwise passes the arguments to BenchmarkDotNet.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "curvature")
        {
            CurvatureDriver.Run(args);
            return;
        }

        if (args.Length > 0 && args[0] == "peak")
        {
            Peak.Run(args);
            return;
        }

        var config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOption(ConfigOptions.JoinSummary, false);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
    }
}
