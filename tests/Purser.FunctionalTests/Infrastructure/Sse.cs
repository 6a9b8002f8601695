using System.Text.Json.Nodes;

namespace Purser.FunctionalTests.Infrastructure;

/// <summary>Reads a raw SSE body in tests.</summary>
public static class Sse
{
    public sealed record Event(string? Name, string Data);

    public static List<Event> Parse(string body)
    {
        var events = new List<Event>();
        foreach (string block in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            var data = new List<string>();
            foreach (string line in block.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line[5..].TrimStart());
                }
            }

            if (name is not null || data.Count > 0)
            {
                events.Add(new Event(name, string.Join("\n", data)));
            }
        }

        return events;
    }

    public static IEnumerable<JsonObject> JsonData(IEnumerable<Event> events) =>
        events.Where(e => e.Data.StartsWith('{')).Select(e => JsonNode.Parse(e.Data)!.AsObject());

    /// <summary>The comment lines (": …") of a raw SSE body.</summary>
    public static IEnumerable<string> Comments(string body) =>
        body.Split('\n').Where(l => l.StartsWith(':')).Select(l => l[1..].Trim());
}
