using System.Text.Json;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Providers.Json;
using Purser.Translation;

namespace Purser.Providers.Translation;

/// <summary>
/// Decides, before a request is translated into another protocol, what happens to each field the client sent, by the
/// <see cref="TranslationTable"/> of the protocol pair (<see cref="TranslationTables"/>): mapped fields go on, fields
/// that only tune the source provider are dropped and recorded in the <see cref="TranslationReport"/> (the gateway
/// names them in <c>x-purser-dropped-fields</c>), and a field whose loss would change the answer is a 400 naming it.
/// In strict mode every field that would be dropped is refused instead. The fields looked at are the body's top-level
/// members (and the members of the table's containers), tool types, fields found inside the structure
/// (<see cref="ChatRequest.InnerFields"/>) and forwarded provider headers. A request built in code (no raw body) is
/// judged by its <see cref="ChatRequest.Extensions"/>.
/// </summary>
internal static class TranslationPolicy
{
    /// <summary>Applies the pair's table; throws <see cref="InvalidRequestException"/> for the first field refused.</summary>
    public static void Apply(ChatRequest request, WireProtocol target, TranslationReport report)
    {
        if (request.SourceProtocol == target)
        {
            return;
        }

        TranslationTable? table = TranslationTables.Find(request.SourceProtocol, target);
        foreach (var (field, shown, param, value) in PresentFields(request, table))
        {
            FieldRule? rule = table?.Find(field);
            if (JsonRead.IsNull(value) && rule is null && !field.StartsWith("tools:", StringComparison.Ordinal))
            {
                continue;
            }

            if (rule is null)
            {
                throw Refusal(request, target, shown, param, field.StartsWith("tools:", StringComparison.Ordinal)
                    ? "the tool would be missing"
                    : "Purser does not know what it does, so it cannot tell what dropping it would change");
            }

            if (value is not null && rule.Harmless?.Invoke(value) == true)
            {
                continue;
            }

            switch (rule.Action)
            {
                case FieldAction.Drop:
                    Drop(request, target, report, field, rule.Note);
                    break;
                case FieldAction.Refuse:
                    throw Refusal(request, target, shown, param, rule.Note);
            }
        }
    }

    /// <summary>
    /// Drops <paramref name="field"/> (named as the client sent it), or refuses it in strict mode. For what a writer
    /// must leave out beyond the table's rows (a sampling setting extended thinking does not allow).
    /// </summary>
    public static void Drop(ChatRequest request, WireProtocol target, TranslationReport report, string field, string note)
    {
        if (report.Strict)
        {
            throw new InvalidRequestException(
                $"The field '{field}' would be dropped for a {TranslationCheck.Describe(target)} provider ({note}), and Purser:Translation:Strict is on; remove it or choose a model served over the {TranslationCheck.Describe(request.SourceProtocol)} protocol.",
                field);
        }

        report.Drop(field);
    }

    /// <summary>A canonical setting's name in the client's protocol (for messages and the dropped-fields list).</summary>
    public static string ClientName(WireProtocol source, string field) => source switch
    {
        WireProtocol.Gemini => field switch
        {
            "temperature" => "generationConfig.temperature",
            "top_p" => "generationConfig.topP",
            "top_k" => "generationConfig.topK",
            "tool_choice" => "toolConfig.functionCallingConfig",
            "thinking" => "generationConfig.thinkingConfig",
            _ => field,
        },
        WireProtocol.OpenAIChat => field == "thinking" ? "reasoning_effort" : field,
        _ => field,
    };

    private static InvalidRequestException Refusal(ChatRequest request, WireProtocol target, string shown, string param, string note) =>
        new($"The {shown} cannot be translated for a {TranslationCheck.Describe(target)} provider: {note}. Remove it or choose a model served over the {TranslationCheck.Describe(request.SourceProtocol)} protocol.", param);

    /// <summary>(table field, how to name it in a message, the error's param, value) for everything the client sent that needs a decision.</summary>
    private static IEnumerable<(string Field, string Shown, string Param, JsonNode? Value)> PresentFields(ChatRequest request, TranslationTable? table)
    {
        if (request.Raw is { } raw)
        {
            foreach (var (member, value) in raw)
            {
                string name = table?.NameOf(member) ?? member;
                if (table is not null && table.Containers.Contains(name) && value is JsonObject members)
                {
                    foreach (var (inner, innerValue) in members)
                    {
                        string path = name + "." + table.NameOf(inner);
                        yield return (path, $"field '{path}'", path, innerValue);
                    }
                }
                else
                {
                    yield return (name, $"field '{name}'", name, value);
                }
            }
        }

        foreach (var (name, value) in request.Extensions)
        {
            if (name.StartsWith("tools[", StringComparison.Ordinal))
            {
                int colon = name.IndexOf(':', StringComparison.Ordinal);
                string type = name[(colon + 1)..];
                yield return ("tools:" + type, $"tool type '{type}' ({name[..colon]})", name, value);
            }
            else if (request.Raw is null)
            {
                yield return (name, $"field '{name}'", name, value);
            }
        }

        foreach (string inner in request.InnerFields)
        {
            yield return (inner, $"field '{inner}'", inner, null);
        }

        foreach (var (header, value) in request.ForwardHeaders ?? [])
        {
            yield return (header, $"header '{header}'", header, JsonValue.Create(value));
        }
    }

    internal static bool IsFalse(JsonNode value) => value.GetValueKind() == JsonValueKind.False;

    internal static bool IsNumber(JsonNode value, double number) =>
        value.GetValueKind() == JsonValueKind.Number && value.GetValue<double>() == number;

    /// <summary>A list holding only <paramref name="only"/> (case-insensitive): ["text"], ["TEXT"].</summary>
    internal static bool IsOnly(JsonNode value, string only) =>
        value is JsonArray { Count: 1 } list && list[0]?.GetValueKind() == JsonValueKind.String
        && string.Equals(list[0]!.GetValue<string>(), only, StringComparison.OrdinalIgnoreCase);
}
