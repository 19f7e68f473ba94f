using System.Text.Json;
using System.Text.Json.Serialization;

namespace LossLandscape.Plotting;

/// <summary>Writes a list of plain-text values escaped for plotly (see <see cref="PlotlyText"/>).</summary>
public sealed class PlainTextListConverter : JsonConverter<IReadOnlyList<string>>
{
    /// <inheritdoc />
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.GetString() ?? string.Empty);
        }

        return values;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var text in value)
        {
            writer.WriteStringValue(PlotlyText.Escape(text));
        }

        writer.WriteEndArray();
    }
}
