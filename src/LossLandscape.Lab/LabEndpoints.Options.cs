using System.Text.Json.Nodes;
using LossLandscape.Options;
using Microsoft.AspNetCore.Http;

namespace LossLandscape.Lab;

/// <summary>GET /api/options: the lab's options as the option catalogue defines them, for the form and for clients.</summary>
internal sealed partial class LabEndpoints
{
    private static readonly Lazy<byte[]> OptionsBody = new(() => System.Text.Encoding.UTF8.GetBytes(Catalogue().ToJsonString()));

    /// <summary>
    /// Every option the lab offers, in the catalogue's order: <c>name</c> (the request field), <c>kind</c>
    /// (value|flag), <c>type</c>, <c>group</c> (the help's heading), <c>help</c> (other options named as fields),
    /// <c>default</c>, <c>allowed</c> words, <c>unit</c> and <c>per-run</c> (an optimizer's option).
    /// </summary>
    internal static JsonArray Catalogue() =>
        [.. OptionCatalogue.For(OptionCommands.Lab).Select(o => (JsonNode)new JsonObject
        {
            ["name"] = o.Name,
            ["kind"] = o.Kind.ToString().ToLowerInvariant(),
            ["type"] = OptionParse.EnumWord(o.Type),
            ["group"] = OptionGroups.Heading(o.Group),
            ["help"] = OptionText.Render(o.Help, name => name),
            ["default"] = o.DefaultText(OptionCommands.Run) is { } value ? OptionText.Render(value, name => name) : null,
            ["allowed"] = new JsonArray([.. o.Allowed.Select(w => (JsonNode?)JsonValue.Create(w))]),
            ["unit"] = o.Unit,
            ["per-run"] = o.PerRun,
        })];

    private static Task OptionsAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(OptionsBody.Value).AsTask();
    }
}
