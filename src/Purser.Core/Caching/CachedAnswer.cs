using System.Text.Json;
using Purser.Chat;
using Purser.Usage;

namespace Purser.Caching;

/// <summary>
/// The stored form of a canonical <see cref="ChatResponse"/> (text, thinking and tool calls, in order; or an embeddings
/// call's vectors, each as base64 of its float32 values, which keeps them exact and compact).
/// </summary>
internal sealed class CachedAnswer
{
    public string Id { get; set; } = "";

    public string Model { get; set; } = "";

    public FinishReason FinishReason { get; set; }

    public string? StopSequence { get; set; }

    public long Created { get; set; }

    public List<CachedPart> Content { get; set; } = [];

    public CachedUsage Usage { get; set; } = new();

    /// <summary>An embeddings answer's vectors (base64 of little-endian float32), in input order.</summary>
    public List<string>? Embeddings { get; set; }

    /// <summary>Whether every part of <paramref name="response"/> can be stored and replayed.</summary>
    public static bool CanStore(ChatResponse response) =>
        response.Embeddings is { Count: > 0 }
        || (response.Content.Count > 0 && response.Content.All(p => p is TextPart or ThinkingPart or ToolCallPart));

    public static byte[] Serialize(ChatResponse response)
    {
        var answer = new CachedAnswer
        {
            Id = response.Id,
            Model = response.Model,
            FinishReason = response.FinishReason,
            StopSequence = response.StopSequence,
            Created = response.Created,
            Usage = CachedUsage.From(response.Usage),
            Embeddings = response.Embeddings?.ConvertAll(v => Purser.Embeddings.EmbeddingVectors.ToBase64(v)),
        };
        foreach (ContentPart part in response.Content)
        {
            answer.Content.Add(part switch
            {
                TextPart t => new CachedPart { Type = "text", Text = t.Text },
                ThinkingPart th => new CachedPart { Type = "thinking", Text = th.Text, Signature = th.Signature, RedactedData = th.RedactedData },
                ToolCallPart c => new CachedPart { Type = "tool_call", Id = c.Id, Name = c.Name, Arguments = c.Arguments },
                _ => throw new ArgumentException($"A {part.GetType().Name} cannot be cached.", nameof(response)),
            });
        }

        return JsonSerializer.SerializeToUtf8Bytes(answer, CacheJsonContext.Default.CachedAnswer);
    }

    public static ChatResponse Deserialize(ReadOnlySpan<byte> json)
    {
        CachedAnswer answer = JsonSerializer.Deserialize(json, CacheJsonContext.Default.CachedAnswer)
            ?? throw new JsonException("A cached answer is empty.");
        var response = new ChatResponse
        {
            Id = answer.Id,
            Model = answer.Model,
            FinishReason = answer.FinishReason,
            StopSequence = answer.StopSequence,
            Created = answer.Created,
            Usage = answer.Usage.ToUsage(),
            Embeddings = answer.Embeddings?.ConvertAll(Purser.Embeddings.EmbeddingVectors.FromBase64),
        };
        foreach (CachedPart part in answer.Content)
        {
            response.Content.Add(part.Type switch
            {
                "text" => new TextPart(part.Text ?? ""),
                "thinking" => new ThinkingPart(part.Text ?? "") { Signature = part.Signature, RedactedData = part.RedactedData },
                "tool_call" => new ToolCallPart(part.Id ?? "", part.Name ?? "", part.Arguments ?? "{}"),
                _ => throw new JsonException($"Unknown cached part type '{part.Type}'."),
            });
        }

        return response;
    }
}
