using System.Text.Json;
using System.Text.Json.Serialization;

namespace LossLandscape.Plotting;

/// <summary>Writes a plain-text field escaped for plotly (see <see cref="PlotlyText"/>).</summary>
public sealed class PlainTextConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(PlotlyText.Escape(value));
    }
}
