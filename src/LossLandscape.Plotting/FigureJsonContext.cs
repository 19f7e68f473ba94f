using System.Text.Json.Serialization;

namespace LossLandscape.Plotting;

/// <summary>
/// Source-generated System.Text.Json metadata for figures, so a cold process does not build it by reflection
/// (that took about 100 ms of a 0.3 s run). Values typed <c>object</c> (custom data, button arguments) are listed
/// with the runtime types the figures put there. There is no reflection fallback (the tool is compiled ahead of time):
/// a figure that puts another type there fails with NotSupportedException, which the tests would show.
/// </summary>
[JsonSerializable(typeof(Figure))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(bool[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(double[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(double[][]))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
internal sealed partial class FigureJsonContext : JsonSerializerContext;
