using System.Text;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Guards;

namespace Purser.Core.Tests.Guards;

/// <summary>
/// Every place a request carries text that the guard covers: a bare string, OpenAI chat bodies (system messages,
/// user messages, content parts, tool results, tool-call arguments, image URLs), Anthropic Messages bodies (system as a
/// string and as blocks, text blocks, tool results as a string and as blocks, tool_use input, image URLs) and the
/// canonical model a translated or in-process request is guarded in. A place takes the pieces a text is sent in (one,
/// or several for the "split" evasion: consecutive messages, parts or blocks) and returns what the guard found and
/// the prompt text that would be sent after redaction, joined in reading order.
/// </summary>
internal static class SecretCorpusPlaces
{
    public static readonly Place[] All =
    [
        new("text", Sequence: false, Url: false),
        new("openai.system", Sequence: true, Url: false),
        new("openai.user", Sequence: true, Url: false),
        new("openai.user_part", Sequence: true, Url: false),
        new("openai.tool_result", Sequence: true, Url: false),
        new("openai.tool_arguments", Sequence: false, Url: false),
        new("openai.image_url", Sequence: false, Url: true),
        new("anthropic.system", Sequence: false, Url: false),
        new("anthropic.system_block", Sequence: true, Url: false),
        new("anthropic.text_block", Sequence: true, Url: false),
        new("anthropic.tool_result", Sequence: false, Url: false),
        new("anthropic.tool_result_block", Sequence: true, Url: false),
        new("anthropic.tool_use_input", Sequence: false, Url: false),
        new("anthropic.image_url", Sequence: false, Url: true),
        new("canonical.system", Sequence: true, Url: false),
        new("canonical.user", Sequence: true, Url: false),
        new("canonical.tool_arguments", Sequence: false, Url: false),
        new("canonical.tool_result", Sequence: true, Url: false),
        new("canonical.image_url", Sequence: false, Url: true),
    ];

    private static readonly SecretGuard Warn = new(new SecretGuardOptions { Mode = SecretGuardMode.Warn });
    private static readonly SecretGuard Redact = new(new SecretGuardOptions { Mode = SecretGuardMode.Redact });

    /// <summary>A place a request carries text: Sequence places take several pieces, Url places an image URL.</summary>
    public sealed record Place(string Name, bool Sequence, bool Url);

    /// <summary>What the guard found, and the prompt text sent after redaction (all pieces joined in order).</summary>
    public sealed record Outcome(IReadOnlyList<SecretFinding> Findings, string Sent);

    public static Outcome Guard(Place place, IReadOnlyList<string> pieces)
    {
        if (place.Name == "text")
        {
            string text = string.Concat(pieces);
            IReadOnlyList<SecretFinding> findings = SecretScanner.Default.Scan(text);
            return new Outcome(findings, SecretScanner.Redact(text, findings));
        }

        if (place.Name.StartsWith("canonical.", StringComparison.Ordinal))
        {
            IReadOnlyList<SecretFinding> found = Warn.Apply(Canonical(place.Name, pieces)).Findings;
            ChatRequest request = Canonical(place.Name, pieces);
            Redact.Apply(request);
            return new Outcome(found, Sent(request));
        }

        JsonObject body = Body(place.Name, pieces);
        IReadOnlyList<SecretFinding> scanned = SecretGuard.ScanJson(body);
        SecretGuard.RedactJson(body);
        var sb = new StringBuilder();
        Strings(body, sb);
        return new Outcome(scanned, sb.ToString());
    }

    private static JsonObject Body(string place, IReadOnlyList<string> pieces)
    {
        JsonArray Texts(string type = "text") => [.. pieces.Select(p => (JsonNode)new JsonObject { ["type"] = type, ["text"] = p })];
        JsonObject User(JsonNode content) => new() { ["role"] = "user", ["content"] = content };
        string one = string.Concat(pieces);
        var openai = new JsonObject { ["model"] = "gpt-4o-mini" };
        var anthropic = new JsonObject { ["model"] = "claude-sonnet-4-5", ["max_tokens"] = 256 };
        switch (place)
        {
            case "openai.system":
                openai["messages"] = new JsonArray([.. pieces.Select(p => (JsonNode)new JsonObject { ["role"] = "system", ["content"] = p }), User("Go on.")]);
                return openai;
            case "openai.user":
                openai["messages"] = new JsonArray([new JsonObject { ["role"] = "system", ["content"] = "You are a careful assistant." }, .. pieces.Select(p => (JsonNode)User(p))]);
                return openai;
            case "openai.user_part":
                openai["messages"] = new JsonArray(User(Texts()));
                return openai;
            case "openai.tool_result":
                var calls = new JsonArray([.. pieces.Select((_, i) => (JsonNode)new JsonObject
                {
                    ["id"] = $"call_{i}", ["type"] = "function", ["function"] = new JsonObject { ["name"] = "read_file", ["arguments"] = "{\"path\":\"notes.txt\"}" },
                })]);
                openai["messages"] = new JsonArray(
                [
                    User("Read my notes."),
                    new JsonObject { ["role"] = "assistant", ["tool_calls"] = calls },
                    .. pieces.Select((p, i) => (JsonNode)new JsonObject { ["role"] = "tool", ["tool_call_id"] = $"call_{i}", ["content"] = p }),
                ]);
                return openai;
            case "openai.tool_arguments":
                var call = new JsonObject
                {
                    ["id"] = "call_1", ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = "write_file", ["arguments"] = new JsonObject { ["path"] = "notes.txt", ["content"] = one }.ToJsonString() },
                };
                openai["messages"] = new JsonArray(User("Save it."), new JsonObject { ["role"] = "assistant", ["tool_calls"] = new JsonArray(call) });
                return openai;
            case "openai.image_url":
                openai["messages"] = new JsonArray(User(new JsonArray(
                    new JsonObject { ["type"] = "text", ["text"] = "What is in this image?" },
                    new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = one, ["detail"] = "low" } })));
                return openai;
            case "anthropic.system":
                anthropic["system"] = one;
                anthropic["messages"] = new JsonArray(User("Go on."));
                return anthropic;
            case "anthropic.system_block":
                anthropic["system"] = Texts();
                anthropic["messages"] = new JsonArray(User("Go on."));
                return anthropic;
            case "anthropic.text_block":
                anthropic["messages"] = new JsonArray(User(Texts()));
                return anthropic;
            case "anthropic.tool_result":
            case "anthropic.tool_result_block":
                JsonNode content = place == "anthropic.tool_result" ? one : Texts();
                anthropic["messages"] = new JsonArray(
                    User("Read my notes."),
                    new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_01", ["name"] = "read_file", ["input"] = new JsonObject { ["path"] = "notes.txt" } }) },
                    User(new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = "toolu_01", ["content"] = content })));
                return anthropic;
            case "anthropic.tool_use_input":
                anthropic["messages"] = new JsonArray(
                    User("Save it."),
                    new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_01", ["name"] = "write_file", ["input"] = new JsonObject { ["path"] = "notes.txt", ["content"] = one } }) });
                return anthropic;
            case "anthropic.image_url":
                anthropic["messages"] = new JsonArray(User(new JsonArray(
                    new JsonObject { ["type"] = "image", ["source"] = new JsonObject { ["type"] = "url", ["url"] = one } },
                    new JsonObject { ["type"] = "text", ["text"] = "What is in this image?" })));
                return anthropic;
            default:
                throw new ArgumentException($"Unknown place '{place}'.", nameof(place));
        }
    }

    private static ChatRequest Canonical(string place, IReadOnlyList<string> pieces)
    {
        var request = new ChatRequest { Model = "gpt-4o-mini" };
        string one = string.Concat(pieces);
        switch (place)
        {
            case "canonical.system":
                request.System.AddRange(pieces.Select(p => new TextPart(p)));
                request.Messages.Add(ChatMessage.FromText(ChatRole.User, "Go on."));
                break;
            case "canonical.user":
                request.Messages.AddRange(pieces.Select(p => ChatMessage.FromText(ChatRole.User, p)));
                break;
            case "canonical.tool_arguments":
                request.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ToolCallPart("call_1", "write_file", new JsonObject { ["content"] = one }.ToJsonString())]));
                break;
            case "canonical.tool_result":
                request.Messages.Add(new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_1", [.. pieces.Select(p => (ContentPart)new TextPart(p))])]));
                break;
            case "canonical.image_url":
                request.Messages.Add(new ChatMessage(ChatRole.User, [new TextPart("What is in this image?"), ImagePart.FromUrl(one)]));
                break;
            default:
                throw new ArgumentException($"Unknown place '{place}'.", nameof(place));
        }

        return request;
    }

    // The prompt text of the canonical model after redaction, in reading order.
    private static string Sent(ChatRequest request)
    {
        var sb = new StringBuilder();
        foreach (TextPart part in request.System)
        {
            sb.Append(part.Text);
        }

        foreach (ChatMessage message in request.Messages)
        {
            AppendParts(message.Content, sb);
        }

        return sb.ToString();

        static void AppendParts(List<ContentPart> parts, StringBuilder sb)
        {
            foreach (ContentPart part in parts)
            {
                switch (part)
                {
                    case TextPart t:
                        sb.Append(t.Text);
                        break;
                    case ToolCallPart c:
                        Strings(JsonNode.Parse(c.Arguments)!, sb);
                        break;
                    case ToolResultPart r:
                        AppendParts(r.Content, sb);
                        break;
                    case ImagePart { Url: { } url }:
                        sb.Append(url);
                        break;
                }
            }
        }
    }

    // The prompt strings of a JSON body in document order: protocol fields left out, tool-call arguments parsed.
    private static void Strings(JsonNode node, StringBuilder sb)
    {
        switch (node)
        {
            case JsonObject o:
                foreach ((string name, JsonNode? value) in o)
                {
                    if (value is JsonValue v && v.TryGetValue(out string? s))
                    {
                        if (name == "arguments")
                        {
                            Strings(JsonNode.Parse(s)!, sb);
                        }
                        else if (name is not ("role" or "type" or "model" or "id" or "tool_call_id" or "tool_use_id" or "name" or "detail" or "path"))
                        {
                            sb.Append(s);
                        }
                    }
                    else if (value is not null)
                    {
                        Strings(value, sb);
                    }
                }

                break;
            case JsonArray a:
                foreach (JsonNode? item in a)
                {
                    if (item is JsonValue v && v.TryGetValue(out string? s))
                    {
                        sb.Append(s);
                    }
                    else if (item is not null)
                    {
                        Strings(item, sb);
                    }
                }

                break;
        }
    }
}
