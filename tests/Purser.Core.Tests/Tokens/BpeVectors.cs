using System.Text.Json;

namespace Purser.Core.Tests.Tokens;

/// <summary>
/// Test vectors produced by the reference tokenizer (tiktoken's npm build) by tools/tokens/make-vectors.mjs:
/// each text with its token ids for cl100k_base and o200k_base.
/// </summary>
internal static class BpeVectors
{
    private static readonly Lazy<IReadOnlyList<Vector>> All = new(Load);

    public static IReadOnlyList<Vector> Vectors => All.Value;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (Vector v in Vectors)
        {
            foreach (string encoding in v.Tokens.Keys)
            {
                data.Add(encoding, v.Name);
            }
        }

        return data;
    }

    public static Vector Get(string name) => Vectors.Single(v => v.Name == name);

    private static List<Vector> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Tokens", "Data", "bpe-vectors.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var vectors = new List<Vector>();
        foreach (JsonElement v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            var tokens = new Dictionary<string, int[]>();
            foreach (JsonProperty p in v.GetProperty("tokens").EnumerateObject())
            {
                tokens[p.Name] = [.. p.Value.EnumerateArray().Select(e => e.GetInt32())];
            }

            vectors.Add(new Vector(v.GetProperty("name").GetString()!, v.GetProperty("text").GetString()!, v.GetProperty("allowSpecial").GetBoolean(), tokens));
        }

        return vectors;
    }

    internal sealed record Vector(string Name, string Text, bool AllowSpecial, IReadOnlyDictionary<string, int[]> Tokens);
}
