using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Caching;

/// <summary>Requests, prices and checks the cache tests share.</summary>
internal static class CacheCalls
{
    /// <summary>What one fake answer costs at <see cref="Prices"/>: 100 × $5 + 20 × $2.50 + 40 × $15, per million.</summary>
    public const decimal AnswerCost = 0.00115m;

    /// <summary>All tokens of one fake answer (120 prompt + 40 output).</summary>
    public const long AnswerTokens = 160;

    public static void Prices(Dictionary<string, string?> c)
    {
        c["Purser:Pricing:up/fake-model:Input"] = "5";
        c["Purser:Pricing:up/fake-model:Output"] = "15";
        c["Purser:Pricing:up/fake-model:CachedInput"] = "2.5";
    }

    public static string OpenAIBody(string question, bool stream = false, string extra = "") =>
        $$"""{"model":"fake-model","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{question}}"}]{{extra}}}""";

    public static string AnthropicBody(string question, bool stream = false, int maxTokens = 100) =>
        $$"""{"model":"fake-model","max_tokens":{{maxTokens}},"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{question}}"}]}""";

    public static async Task<(HttpResponseMessage Response, string Body)> PostAsync(HttpClient http, string path, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response = await http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    public static Task<(HttpResponseMessage Response, string Body)> ChatAsync(HttpClient http, string json, params (string Name, string Value)[] headers) =>
        PostAsync(http, "/v1/chat/completions", json, headers);

    public static Task<(HttpResponseMessage Response, string Body)> MessagesAsync(HttpClient http, string json, params (string Name, string Value)[] headers) =>
        PostAsync(http, "/v1/messages", json, headers);

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.Single() : "(absent)";

    /// <summary>The answer text of a non-streamed OpenAI or Anthropic body, or of a streamed one (deltas joined).</summary>
    public static string Text(string body)
    {
        if (!body.TrimStart().StartsWith('{'))
        {
            var text = new StringBuilder();
            foreach (JsonObject data in Sse.JsonData(Sse.Parse(body)))
            {
                if (data["choices"] is JsonArray { Count: > 0 } choices)
                {
                    text.Append(choices[0]!["delta"]?["content"]?.GetValue<string>());
                }

                text.Append(data["delta"]?["text"]?.GetValue<string>());
            }

            return text.ToString();
        }

        JsonObject json = JsonNode.Parse(body)!.AsObject();
        return json["choices"]?[0]?["message"]?["content"]?.GetValue<string>()
            ?? string.Concat(json["content"]!.AsArray().Select(b => b!["text"]?.GetValue<string>()));
    }

    /// <summary>Waits for a condition the test cannot await directly (requests parked inside the gateway).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(10);
        }
    }
}
