using System.Text.Json;
using System.Text.Json.Nodes;

namespace Purser.Providers.Responses;

/// <summary>
/// The client's function and custom tools (namespace tools flattened) and the function names they get upstream when
/// a Responses call is translated: a tool keeps its name unless two tools share it, when a namespaced one becomes
/// <c>namespace__name</c>. Built from the request body alone, so the reader and the answer writers agree on it.
/// </summary>
internal sealed class ResponsesToolNames
{
    private readonly Dictionary<string, ResponsesTool> _byUpstream = new(StringComparer.Ordinal);
    private readonly Dictionary<(string?, string), ResponsesTool> _byClient = [];

    private ResponsesToolNames()
    {
    }

    public static readonly ResponsesToolNames Empty = new();

    public IEnumerable<ResponsesTool> All => _byUpstream.Values;

    /// <summary>The tools of a Responses request body (an already validated one; anything unexpected is skipped).</summary>
    public static ResponsesToolNames From(JsonObject? body)
    {
        if (body?["tools"] is not JsonArray tools || tools.Count == 0)
        {
            return Empty;
        }

        var declared = new List<(string Name, string? Namespace, bool Custom)>();
        foreach (JsonNode? tool in tools)
        {
            if (tool is not JsonObject t)
            {
                continue;
            }

            string? type = Text(t["type"]);
            if (type == "namespace" && t["tools"] is JsonArray inner && Text(t["name"]) is { } ns)
            {
                foreach (JsonNode? member in inner)
                {
                    if (member is JsonObject m && Text(m["name"]) is { } memberName && Text(m["type"]) is "function" or "custom" or null)
                    {
                        declared.Add((memberName, ns, Text(m["type"]) == "custom"));
                    }
                }
            }
            else if (type is "function" or "custom" && Text(t["name"]) is { } name)
            {
                declared.Add((name, null, type == "custom"));
            }
        }

        var counts = declared.GroupBy(d => d.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var names = new ResponsesToolNames();
        foreach (var (name, ns, custom) in declared)
        {
            string upstream = ns is not null && counts[name] > 1 ? ns + "__" + name : name;
            var tool = new ResponsesTool(upstream, name, ns, custom);
            names._byUpstream.TryAdd(upstream, tool);
            names._byClient.TryAdd((ns, name), tool);
        }

        return names;
    }

    /// <summary>The upstream function name of the client's tool <paramref name="name"/> (in <paramref name="ns"/>).</summary>
    public string Upstream(string name, string? ns) => _byClient.TryGetValue((ns, name), out ResponsesTool? tool) ? tool.UpstreamName : name;

    /// <summary>The client's tool behind an upstream function name; null for a name the client did not declare.</summary>
    public ResponsesTool? Find(string upstreamName) => _byUpstream.GetValueOrDefault(upstreamName);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
