using System.Text.Json;
using System.Text.Json.Nodes;

namespace Purser.Providers.Gemini;

/// <summary>
/// Turns a Gemini client's schema — Gemini's OpenAPI-subset <c>Schema</c> (<c>parameters</c>, <c>responseSchema</c>)
/// or a JSON Schema written with Gemini's upper-case types, as Gemini CLI sends <c>parametersJsonSchema</c> and
/// <c>responseJsonSchema</c> — into the JSON Schema OpenAI and Anthropic take: types in lower case,
/// <c>nullable: true</c> as a <c>"null"</c> type, <c>propertyOrdering</c> and the <c>enum</c> format dropped.
/// Everything else is kept as it is.
/// </summary>
internal static class GeminiJsonSchema
{
    /// <param name="schema">The client's schema; it is not modified.</param>
    public static JsonNode Convert(JsonNode schema)
    {
        JsonNode copy = schema.DeepClone();
        Normalise(copy);
        return copy;
    }

    private static void Normalise(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                NormaliseSchema(obj);
                foreach (var (_, child) in obj.ToList())
                {
                    Normalise(child);
                }

                break;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    Normalise(item);
                }

                break;
        }
    }

    private static void NormaliseSchema(JsonObject schema)
    {
        bool nullable = schema["nullable"] is JsonNode n && n.GetValueKind() == JsonValueKind.True;
        if (schema["nullable"] is JsonNode flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            schema.Remove("nullable");
        }

        if (schema["propertyOrdering"] is JsonArray)
        {
            schema.Remove("propertyOrdering");
        }

        if (schema["format"] is JsonNode format && format.GetValueKind() == JsonValueKind.String && format.GetValue<string>() == "enum")
        {
            schema.Remove("format");
        }

        if (schema["type"] is JsonNode type && type.GetValueKind() == JsonValueKind.String)
        {
            string lower = type.GetValue<string>().ToLowerInvariant();
            schema["type"] = nullable ? new JsonArray(lower, "null") : lower;
        }
    }
}
