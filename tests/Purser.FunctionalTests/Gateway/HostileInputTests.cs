using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

/// <summary>
/// A bounded table of malformed and hostile requests to both chat endpoints, and of garbage from upstreams of each
/// kind: every answer is a 4xx (or an upstream-derived 5xx other than 500) in the inbound protocol's error format,
/// or a complete answer; never a 500 and never a hang.
/// </summary>
public sealed partial class HostileInputTests
{
    private const string OpenAIPath = "/v1/chat/completions";
    private const string AnthropicPath = "/v1/messages";
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(20);

    // Wrong types and extreme numbers, as raw JSON, tried in every field.
    private static readonly string[] BadValues =
        ["1", "-1", "1e400", "-99999999999999999999999", "0.5", "\"s\"", "\"\"", "true", "[]", "{}", "[[[{}]]]", "[1,\"x\",null]", "{\"a\":{\"b\":[1]}}"];

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task HostileRequests_BothEndpoints_NeverA500AndAlwaysTheProtocolsErrorShape(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        using HttpClient http = h.Gateway.CreateClient();
        List<HostileRequest> table = [.. RawBodies(OpenAIPath), .. RawBodies(AnthropicPath), .. OpenAIRequests(), .. AnthropicRequests()];
        var failures = new List<string>();

        foreach (HostileRequest request in table)
        {
            string? failure = await CheckAsync(http, request, Expect.AnswerOrClientError);
            if (failure is not null)
            {
                failures.Add(failure);
            }
        }

        table.Count.ShouldBeGreaterThan(500);
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(30)));
    }

    [Theory]
    [MemberData(nameof(Wires.All), MemberType = typeof(Wires))]
    public async Task UpstreamGarbage_EveryInboundProtocolStreamingOrNot_IsAnUpstreamErrorNeverA500OrAHang(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire));
        using HttpClient http = h.Gateway.CreateClient();
        var failures = new List<string>();
        int cases = 0;

        foreach (var (name, answer, maySucceed) in Garbage(h.Wire))
        {
            h.Upstream.Handler = answer;
            foreach (string path in (string[])[OpenAIPath, AnthropicPath])
            {
                foreach (bool stream in (bool[])[false, true])
                {
                    cases++;
                    string body = $$"""{"model":"fake-model","max_tokens":50,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}""";
                    var request = new HostileRequest($"{name} via {path} stream={stream}", path, Encoding.UTF8.GetBytes(body));
                    string? failure = await CheckAsync(http, request, maySucceed ? Expect.AnswerOrUpstreamError : Expect.UpstreamError);
                    if (failure is not null)
                    {
                        failures.Add(failure);
                    }
                }
            }
        }

        cases.ShouldBeGreaterThan(30);
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(30)));
    }

    [Theory]
    [InlineData(OpenAIPath, "data:image/png;base64,!!!!")]
    [InlineData(OpenAIPath, "data:image/png;base64,")]
    [InlineData(OpenAIPath, "data:image/png,not-base64")]
    [InlineData(OpenAIPath, "data:;base64,AAAA")]
    [InlineData(OpenAIPath, "javascript:alert(1)")]
    [InlineData(OpenAIPath, "not a url")]
    [InlineData(AnthropicPath, "!!!!")]
    [InlineData(AnthropicPath, "AAA")]
    public async Task BadImage_Is400NamingTheFieldAndNeverReachesTheUpstream(string path, string image)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();
        string body = path == OpenAIPath
            ? $$$"""{"model":"fake-model","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"{{{image}}}"}}]}]}"""
            : $$$"""{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"{{{image}}}"}}]}]}""";

        using HttpResponseMessage response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).ShouldBe(400, text);
        HasErrorShape(text, path == AnthropicPath).ShouldBeTrue(text);
        JsonNode.Parse(text)!["error"]!["param"]!.GetValue<string>().ShouldStartWith("messages[0].content[0]");
        h.Upstream.CallCount.ShouldBe(0);
    }

    [Theory]
    [InlineData("https://example.com/cat.png")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    public async Task GoodImageUrl_IsForwarded(string image)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(new OpenAIUpstreamWire());
        using HttpClient http = h.Gateway.CreateClient();

        using HttpResponseMessage response = await http.PostAsync(OpenAIPath, new StringContent($$$"""{"model":"fake-model","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"{{{image}}}"}}]}]}""", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        h.Upstream.LastRequest.Json["messages"]![0]!["content"]![0]!["image_url"]!["url"]!.GetValue<string>().ShouldBe(image);
    }

    private static async Task<string?> CheckAsync(HttpClient http, HostileRequest request, Expect expect)
    {
        using var timeout = new CancellationTokenSource(PerRequest);
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Path) { Content = new ByteArrayContent(request.Body) };
        if (request.ContentType is { } type)
        {
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }

        int status;
        string text;
        string? contentType;
        try
        {
            using HttpResponseMessage response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            contentType = response.Content.Headers.ContentType?.MediaType;
            text = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return $"{request.Name}: no complete answer within {PerRequest.TotalSeconds} s (a hang)";
        }
        catch (HttpRequestException ex)
        {
            return $"{request.Name}: the connection failed ({ex.Message})";
        }

        bool anthropic = request.Path == AnthropicPath;
        string shown = text.Length > 300 ? text[..300] : text;
        if (status == 500 || status < 200 || (status > 200 && status < 400))
        {
            return $"{request.Name}: status {status}: {shown}";
        }

        if (status == 200)
        {
            if (contentType == "text/event-stream")
            {
                return expect == Expect.UpstreamError && !StreamEndsWithError(text, anthropic)
                    ? $"{request.Name}: the stream of garbage did not end with an error event: {shown}"
                    : null;
            }

            if (expect == Expect.UpstreamError)
            {
                return $"{request.Name}: garbage from upstream was answered 200: {shown}";
            }

            return IsJsonObject(text) ? null : $"{request.Name}: 200 that is not a JSON object: {shown}";
        }

        if (status >= 500 && expect == Expect.AnswerOrClientError)
        {
            return $"{request.Name}: status {status} for a request the gateway should refuse itself: {shown}";
        }

        return HasErrorShape(text, anthropic) ? null : $"{request.Name}: status {status} without the {(anthropic ? "Anthropic" : "OpenAI")} error shape: {shown}";
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static bool HasErrorShape(string text, bool anthropic)
    {
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }

        if (body?["error"] is not JsonObject error || error["message"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || error["type"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return false;
        }

        return !anthropic || body["type"]?.GetValue<string>() == "error";
    }

    private static bool StreamEndsWithError(string text, bool anthropic)
    {
        List<Sse.Event> events = Sse.Parse(text);
        if (events.Count == 0)
        {
            return false;
        }

        Sse.Event last = events[^1];
        if (anthropic && last.Name != "error")
        {
            return false;
        }

        return last.Data != "[DONE]" && HasErrorShape(last.Data, anthropic);
    }

    private static IEnumerable<HostileRequest> RawBodies(string path)
    {
        string maxTokens = path == AnthropicPath ? "\"max_tokens\":5," : "";
        byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
        byte[] WithText(byte[] text) => [.. Bytes($$"""{"model":"fake-model",{{maxTokens}}"messages":[{"role":"user","content":" """.TrimEnd()), .. text, .. Bytes("\"}]}")];

        yield return new($"{path} empty body", path, []);
        yield return new($"{path} whitespace", path, Bytes("   \n"));
        yield return new($"{path} not JSON", path, Bytes("{not json"));
        yield return new($"{path} truncated", path, Bytes("{\"model\":\"fake-model\",\"messages\":[{\"role\""));
        yield return new($"{path} array", path, Bytes("[]"));
        yield return new($"{path} string", path, Bytes("\"x\""));
        yield return new($"{path} null", path, Bytes("null"));
        yield return new($"{path} number", path, Bytes("1e999"));
        yield return new($"{path} binary", path, [0xff, 0xfe, 0x00, 0x01, 0x02]);
        yield return new($"{path} invalid UTF-8 in text", path, WithText([0xff, 0xfe]));
        yield return new($"{path} overlong UTF-8", path, WithText([0xc0, 0xaf]));
        yield return new($"{path} lone surrogate escape", path, WithText(Bytes("\\ud800 x")));
        yield return new($"{path} NUL escape", path, WithText(Bytes("a\\u0000b")));
        yield return new($"{path} deep nesting", path, Bytes($$"""{"model":"fake-model",{{maxTokens}}"messages":[{"role":"user","content":"x"}],"x":{{new string('[', 5000)}}{{new string(']', 5000)}}}"""));
        yield return new($"{path} deep objects", path, Bytes(string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000)));
        yield return new($"{path} duplicate key", path, Bytes($$"""{"model":"fake-model","model":"x",{{maxTokens}}"messages":[{"role":"user","content":"x"}]}"""));
        yield return new($"{path} nested duplicate key", path, Bytes($$"""{"model":"fake-model",{{maxTokens}}"messages":[{"role":"user","role":"assistant","content":"x"}]}"""));
        yield return new($"{path} trailing garbage", path, Bytes($$"""{"model":"fake-model",{{maxTokens}}"messages":[{"role":"user","content":"x"}]} trailing"""));
        yield return new($"{path} comments", path, Bytes($$"""{/* c */"model":"fake-model",{{maxTokens}}"messages":[{"role":"user","content":"x"}]}"""));
        string valid = $$"""{"model":"fake-model",{{maxTokens}}"messages":[{"role":"user","content":"x"}]}""";
        foreach (string? type in (string?[])[null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"])
        {
            yield return new($"{path} content type {type ?? "(none)"}", path, Bytes(valid), type);
        }
    }

    private static IEnumerable<HostileRequest> OpenAIRequests()
    {
        string[] fields =
        [
            "model", "messages", "tools", "tool_choice", "parallel_tool_calls", "max_tokens", "max_completion_tokens", "temperature", "top_p",
            "stop", "seed", "frequency_penalty", "presence_penalty", "response_format", "reasoning_effort", "stream", "stream_options", "user",
            "metadata", "n", "logprobs", "logit_bias",
        ];
        const string user = """{"role":"user","content":"hi"}""";
        foreach (string field in fields)
        {
            foreach (string value in BadValues)
            {
                yield return OpenAI($"{field}={value}", field == "messages" ? $$"""{"model":"fake-model","messages":{{value}}}""" : $$"""{"model":"fake-model","messages":[{{user}}],"{{field}}":{{value}}}""");
            }
        }

        foreach (string value in BadValues)
        {
            yield return OpenAI($"message={value}", $$"""{"model":"fake-model","messages":[{{value}}]}""");
            yield return OpenAI($"role={value}", $$"""{"model":"fake-model","messages":[{"role":{{value}},"content":"hi"}]}""");
            yield return OpenAI($"content={value}", $$"""{"model":"fake-model","messages":[{"role":"user","content":{{value}}}]}""");
            yield return OpenAI($"name={value}", $$"""{"model":"fake-model","messages":[{"role":"user","content":"hi","name":{{value}}}]}""");
            yield return OpenAI($"part={value}", $$"""{"model":"fake-model","messages":[{"role":"user","content":[{{value}}]}]}""");
            yield return OpenAI($"part.text={value}", $$"""{"model":"fake-model","messages":[{"role":"user","content":[{"type":"text","text":{{value}}}]}]}""");
            yield return OpenAI($"image_url={value}", $$"""{"model":"fake-model","messages":[{"role":"user","content":[{"type":"image_url","image_url":{{value}}}]}]}""");
            yield return OpenAI($"image_url.url={value}", $$$"""{"model":"fake-model","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":{{{value}}}}}]}]}""");
            yield return OpenAI($"tools[0]={value}", $$"""{"model":"fake-model","messages":[{{user}}],"tools":[{{value}}]}""");
            yield return OpenAI($"tools[0].function={value}", $$"""{"model":"fake-model","messages":[{{user}}],"tools":[{"type":"function","function":{{value}}}]}""");
            yield return OpenAI($"parameters={value}", $$$"""{"model":"fake-model","messages":[{{{user}}}],"tools":[{"type":"function","function":{"name":"f","parameters":{{{value}}}}}]}""");
            yield return OpenAI($"tool_calls={value}", $$"""{"model":"fake-model","messages":[{{user}},{"role":"assistant","tool_calls":{{value}}}]}""");
            yield return OpenAI($"tool_calls[0]={value}", $$"""{"model":"fake-model","messages":[{{user}},{"role":"assistant","tool_calls":[{{value}}]}]}""");
            yield return OpenAI($"arguments={value}", $$$"""{"model":"fake-model","messages":[{{{user}}},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":{{{value}}}}}]},{"role":"tool","tool_call_id":"c1","content":"r"}]}""");
            yield return OpenAI($"tool_call_id={value}", $$"""{"model":"fake-model","messages":[{{user}},{"role":"tool","tool_call_id":{{value}},"content":"r"}]}""");
        }

        foreach (string url in (string[])["data:image/png;base64,!!!!", "data:image/png;base64,A", "data:image/png,abc", "data:;base64,", "data:", "data:image/png;base64,", "javascript:alert(1)", "not a url", "ftp://x/y.png", "http://", ""])
        {
            yield return OpenAI($"image url '{url}'", $$$"""{"model":"fake-model","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"{{{url}}}"}}]}]}""");
        }

        yield return OpenAI("tool result without a call", $$"""{"model":"fake-model","messages":[{{user}},{"role":"tool","tool_call_id":"nobody","content":"r"}]}""");
        yield return OpenAI("tool call arguments not JSON", $$$"""{"model":"fake-model","messages":[{{{user}}},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{not json"}}]},{"role":"tool","tool_call_id":"c1","content":"r"}]}""");
        yield return OpenAI("unknown role", """{"model":"fake-model","messages":[{"role":"wizard","content":"x"}]}""");
        yield return OpenAI("only a system message", """{"model":"fake-model","messages":[{"role":"system","content":"x"}]}""");
        yield return OpenAI("unknown model", $$"""{"model":"nobody/none","messages":[{{user}}]}""");
        yield return OpenAI("unknown model streamed", $$"""{"model":"nobody/none","stream":true,"messages":[{{user}}]}""");
        yield return OpenAI("empty model", $$"""{"model":"","messages":[{{user}}]}""");
        yield return OpenAI("huge max_tokens", $$"""{"model":"fake-model","max_tokens":99999999999999999999999999,"messages":[{{user}}]}""");
        yield return OpenAI("negative max_tokens", $$"""{"model":"fake-model","max_tokens":-5,"messages":[{{user}}]}""");
    }

    private static IEnumerable<HostileRequest> AnthropicRequests()
    {
        string[] fields = ["model", "messages", "system", "max_tokens", "temperature", "top_p", "top_k", "stop_sequences", "stream", "tools", "tool_choice", "metadata", "thinking", "service_tier"];
        const string user = """{"role":"user","content":"hi"}""";
        foreach (string field in fields)
        {
            foreach (string value in BadValues)
            {
                yield return Anthropic($"{field}={value}", field == "messages"
                    ? $$"""{"model":"fake-model","max_tokens":5,"messages":{{value}}}"""
                    : field == "max_tokens"
                        ? $$"""{"model":"fake-model","max_tokens":{{value}},"messages":[{{user}}]}"""
                        : $$"""{"model":"fake-model","max_tokens":5,"messages":[{{user}}],"{{field}}":{{value}}}""");
            }
        }

        const string toolUse = """{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]}""";
        foreach (string value in BadValues)
        {
            yield return Anthropic($"message={value}", $$"""{"model":"fake-model","max_tokens":5,"messages":[{{value}}]}""");
            yield return Anthropic($"role={value}", $$"""{"model":"fake-model","max_tokens":5,"messages":[{"role":{{value}},"content":"hi"}]}""");
            yield return Anthropic($"content={value}", $$"""{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":{{value}}}]}""");
            yield return Anthropic($"block={value}", $$"""{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":[{{value}}]}]}""");
            yield return Anthropic($"text={value}", $$"""{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text","text":{{value}}}]}]}""");
            yield return Anthropic($"image source={value}", $$"""{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{{value}}}]}]}""");
            yield return Anthropic($"image data={value}", $$$"""{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":{{{value}}}}}]}]}""");
            yield return Anthropic($"media_type={value}", $$$"""{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":{{{value}}},"data":"AAAA"}}]}]}""");
            yield return Anthropic($"tool_use input={value}", $$"""{"model":"fake-model","max_tokens":5,"messages":[{{user}},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{{value}}}]}]}""");
            yield return Anthropic($"tool_use_id={value}", $$"""{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":{{value}},"content":"x"}]}]}""");
            yield return Anthropic($"tool_result content={value}", $$"""{"model":"fake-model","max_tokens":5,"messages":[{{user}},{{toolUse}},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":{{value}}}]}]}""");
            yield return Anthropic($"tools[0]={value}", $$"""{"model":"fake-model","max_tokens":5,"messages":[{{user}}],"tools":[{{value}}]}""");
            yield return Anthropic($"input_schema={value}", $$"""{"model":"fake-model","max_tokens":5,"messages":[{{user}}],"tools":[{"name":"f","input_schema":{{value}}}]}""");
            yield return Anthropic($"system[0]={value}", $$"""{"model":"fake-model","max_tokens":5,"messages":[{{user}}],"system":[{{value}}]}""");
        }

        foreach (string data in (string[])["!!!!", "A", "AAA=", "", "data:image/png;base64,AAAA", "====", "\\u0000"])
        {
            yield return Anthropic($"base64 '{data}'", $$$"""{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"{{{data}}}"}}]}]}""");
        }

        yield return Anthropic("image url not a URL", """{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":"not a url"}}]}]}""");
        yield return Anthropic("tool result without a call", """{"model":"fake-model","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"nobody","content":"x"}]}]}""");
        yield return Anthropic("unknown role", """{"model":"fake-model","max_tokens":5,"messages":[{"role":"wizard","content":"x"}]}""");
        yield return Anthropic("first message from the assistant", """{"model":"fake-model","max_tokens":5,"messages":[{"role":"assistant","content":"x"}]}""");
        yield return Anthropic("unknown model", $$"""{"model":"nobody/none","max_tokens":5,"messages":[{{user}}]}""");
        yield return Anthropic("unknown model streamed", $$"""{"model":"nobody/none","max_tokens":5,"stream":true,"messages":[{{user}}]}""");
        yield return Anthropic("huge max_tokens", $$"""{"model":"fake-model","max_tokens":99999999999999999999999999,"messages":[{{user}}]}""");
    }

    private static HostileRequest OpenAI(string name, string body) => new("openai " + name, OpenAIPath, Encoding.UTF8.GetBytes(body));

    private static HostileRequest Anthropic(string name, string body) => new("anthropic " + name, AnthropicPath, Encoding.UTF8.GetBytes(body));

    /// <summary>What an upstream can send that is not its protocol, or its protocol with nonsense inside.</summary>
    private static IEnumerable<(string Name, Func<HttpContext, ReceivedRequest, Task> Answer, bool MaySucceed)> Garbage(UpstreamWire wire)
    {
        // A body that mixes every wire's fields with the wrong types.
        const string wrongTypes = """{"id":1,"type":"message","choices":"x","content":{"a":1},"candidates":[{"content":{"parts":"x"}}],"usage":{"prompt_tokens":"a","input_tokens":-1},"usageMetadata":{"promptTokenCount":"x"}}""";
        yield return ("HTML page", Send(200, "text/html", "<html><body>502 Bad Gateway</body></html>"), false);
        yield return ("empty 200", Send(200, "application/json", ""), false);
        yield return ("JSON null", Send(200, "application/json", "null"), false);
        yield return ("JSON array", Send(200, "application/json", "[1,2]"), false);
        yield return ("wrong types", Send(200, "application/json", wrongTypes), false);
        yield return ("invalid UTF-8", (http, _) =>
        {
            http.Response.ContentType = "application/json";
            return http.Response.Body.WriteAsync(new byte[] { 0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d }).AsTask();
        }, false);
        yield return ("SSE not JSON", Send(200, "text/event-stream", "data: not json\n\n"), false);
        yield return ("SSE wrong types", Send(200, "text/event-stream", "event: message_start\ndata: " + wrongTypes + "\n\n"), false);
        yield return ("SSE nothing", Send(200, "text/event-stream", ""), false);
        yield return ("SSE comment only", Send(200, "text/event-stream", ": keep-alive\n\n"), false);
        yield return ("503 HTML", Send(503, "text/html", "<html>down</html>"), false);
        yield return ("429 plain text", Send(429, "text/plain", "slow down"), false);
        yield return ("400 empty", Send(400, "application/json", ""), false);
        yield return ("401 garbage", Send(401, "application/json", "{\"error\":"), false);
        yield return ("huge usage", Twisted(wire, "99999999999999999999999999"), true);
        yield return ("negative usage", Twisted(wire, "-5"), true);
        yield return ("fractional usage", Twisted(wire, "1.5e3"), true);
    }

    private static Func<HttpContext, ReceivedRequest, Task> Send(int status, string contentType, string body) => (http, _) =>
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        return http.Response.WriteAsync(body);
    };

    /// <summary>The wire's own answer with every token count replaced by <paramref name="count"/>.</summary>
    private static Func<HttpContext, ReceivedRequest, Task> Twisted(UpstreamWire wire, string count) => async (http, request) =>
    {
        var answer = new FakeAnswer("A twisted answer.");
        if (wire.IsStreamRequest(request))
        {
            http.Response.ContentType = "text/event-stream";
            foreach (string e in wire.StreamEvents(request, answer))
            {
                await http.Response.WriteAsync(TokenCount().Replace(e, "\"$1\":" + count));
            }

            return;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(TokenCount().Replace(wire.CompletionBody(request, answer), "\"$1\":" + count));
    };

    [GeneratedRegex("\"(prompt_tokens|completion_tokens|total_tokens|cached_tokens|reasoning_tokens|input_tokens|output_tokens|cache_read_input_tokens|cache_creation_input_tokens|promptTokenCount|candidatesTokenCount|totalTokenCount|cachedContentTokenCount|thoughtsTokenCount)\":\\s*\\d+")]
    private static partial Regex TokenCount();

    private enum Expect
    {
        /// <summary>A bad request: refused with a 4xx, or (when it is acceptable after all) answered.</summary>
        AnswerOrClientError,

        /// <summary>Upstream garbage: an error status other than 500, or a stream that ends with an error event.</summary>
        UpstreamError,

        /// <summary>Odd but parseable upstream answers: answered, or an upstream error other than 500.</summary>
        AnswerOrUpstreamError,
    }

    private sealed record HostileRequest(string Name, string Path, byte[] Body, string? ContentType = "application/json");
}
