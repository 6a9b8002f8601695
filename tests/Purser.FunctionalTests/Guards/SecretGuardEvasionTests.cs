using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Guards;

/// <summary>
/// The audit's evasions through the real gateway (issue 17, item 8): a key disguised with zero-width spaces, a key cut
/// into pieces of at most 20 characters over several messages or content blocks, a look-alike letter in an access
/// key id, a fullwidth equals sign. What the fake upstream received is inspected: nothing of a secret is left, in
/// redact mode; block mode refuses the request before any upstream call. One gateway for the class.
/// </summary>
public sealed class SecretGuardEvasionTests(SecretGuardEvasionTests.Gateway gateway) : IClassFixture<SecretGuardEvasionTests.Gateway>
{
    // Built at run time from pieces, so no key-shaped literal sits in the repository.
    private static readonly string GitHubToken = "gh" + "p_" + Fill("Q7b9XkT2mWz4", 36, 1);
    private static readonly string OpenAIKey = "sk-" + "proj-" + Fill("aB3dE5fG7hJ9kL1mN_-", 96, 2);
    private static readonly string AwsKeyId = "AK" + "IA" + Fill("Q3ZR7TNWK5", 16, 3);
    private static readonly string Password = "Tr0ub4dor&" + Fill("x9Kq2", 6, 4);

    [Fact]
    public async Task Redact_ZeroWidthSpacesInsideAKey_NothingOfTheKeyReachesTheUpstream()
    {
        string disguised = Interleave(GitHubToken, "\u200B", 10);

        using HttpResponseMessage response = await gateway.PostAsync("/v1/chat/completions", OpenAIChat(Message("user", $"deploy with {disguised} please")));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        string sent = Visible(gateway.Harness.Upstream.LastRequest.Body);
        AssertNoFragment(sent, GitHubToken);
        sent.ShouldContain("deploy with [REDACTED:github_token] please");
        response.Headers.GetValues("x-purser-guard").Single().ShouldBe("redacted; github_token=1");
    }

    [Fact]
    public async Task Redact_KeySplitAcrossMessagesInPiecesOfAtMostTwenty_NothingOfTheKeyReachesTheUpstream()
    {
        string[] pieces = Split("here is the key: " + OpenAIKey + " thanks", 20);

        using HttpResponseMessage response = await gateway.PostAsync("/v1/chat/completions",
            OpenAIChat([.. pieces.Select(p => Message("user", p))]));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonArray messages = JsonNode.Parse(gateway.Harness.Upstream.LastRequest.Body)!["messages"]!.AsArray();
        messages.Count.ShouldBe(pieces.Length);
        string joined = string.Concat(messages.Select(m => m!["content"]!.GetValue<string>()));
        AssertNoFragment(joined, OpenAIKey);
        joined.ShouldStartWith("here is the key: [REDACTED:openai_api_key]");
        joined.ShouldEndWith(" thanks");
        response.Headers.GetValues("x-purser-guard").Single().ShouldBe("redacted; openai_api_key=1");
    }

    [Fact]
    public async Task Block_KeySplitAcrossAnthropicTextBlocksWithZeroWidthSpaces_Is400AndNothingIsSent()
    {
        int before = gateway.Harness.Upstream.CallCount;
        string[] pieces = Split(Interleave(GitHubToken, "\u2060", 7), 12);
        var body = new JsonObject
        {
            ["model"] = GatewayHarness.Model,
            ["max_tokens"] = 64,
            ["messages"] = new JsonArray(new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray([.. pieces.Select(p => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = p })]),
            }),
        };

        using HttpResponseMessage response = await gateway.PostAsync("/v1/messages", body, project: "strict");

        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode error = JsonNode.Parse(text)!;
        error["type"]!.GetValue<string>().ShouldBe("error");
        error["error"]!["message"]!.GetValue<string>().ShouldContain("github_token at messages[0].content[0].text, line 1, column 1, through messages[0].content[");
        AssertNoFragment(Visible(text), GitHubToken);
        gateway.Harness.Upstream.CallCount.ShouldBe(before);
    }

    [Fact]
    public async Task Redact_LookAlikeLetterAndFullwidthEquals_AreRedactedWhenTranslatedToAnotherProtocol()
    {
        // U+0410 CYRILLIC CAPITAL LETTER A in place of the A of AKIA; U+FF1D FULLWIDTH EQUALS SIGN after DB_PASSWORD.
        string keyId = "\u0410" + AwsKeyId[1..];
        var body = new JsonObject
        {
            ["model"] = GatewayHarness.Model,
            ["max_tokens"] = 64,
            ["system"] = $"AWS_ACCESS_KEY_ID={keyId}",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = $"DB_HOST=db\nDB_PASSWORD\uFF1D{Password}\nDB_PORT=5432" }),
        };

        using HttpResponseMessage response = await gateway.PostAsync("/v1/messages", body);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        string sent = Visible(gateway.Harness.Upstream.LastRequest.Body);
        AssertNoFragment(sent, AwsKeyId);
        AssertNoFragment(sent, Password);
        sent.ShouldContain("AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key_id]");
        sent.ShouldContain("DB_PASSWORD\uFF1D[REDACTED:password_assignment]");
    }

    private static JsonObject OpenAIChat(params JsonObject[] messages) =>
        new() { ["model"] = GatewayHarness.Model, ["messages"] = new JsonArray([.. messages]) };

    private static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    // The body as a reader sees it: JSON unescaped, zero-width and format characters gone, look-alikes read as ASCII.
    private static string Visible(string body)
    {
        var sb = new StringBuilder();
        foreach (char c in JsonNode.Parse(body)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            if (c is '\u200B' or '\u2060' or '\uFEFF')
            {
                continue;
            }

            sb.Append(c == '\u0410' ? 'A' : c);
        }

        return sb.ToString();
    }

    private static void AssertNoFragment(string text, string secret)
    {
        for (int i = 0; i + 8 <= secret.Length; i++)
        {
            text.ShouldNotContain(secret.Substring(i, 8), Case.Sensitive);
        }
    }

    private static string Interleave(string text, string insert, int every)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            if (i > 0 && i % every == 0)
            {
                sb.Append(insert);
            }

            sb.Append(text[i]);
        }

        return sb.ToString();
    }

    private static string[] Split(string text, int max)
    {
        var pieces = new List<string>();
        for (int i = 0, n = 0; i < text.Length; i += n)
        {
            n = Math.Min(text.Length - i, max - (pieces.Count % 3)); // 18 to 20 characters, cut anywhere
            pieces.Add(text.Substring(i, n));
        }

        return [.. pieces];
    }

    /// <summary>A deterministic string of <paramref name="length"/> characters drawn from <paramref name="alphabet"/>.</summary>
    private static string Fill(string alphabet, int length, uint seed)
    {
        var sb = new StringBuilder(length);
        uint state = 2166136261 ^ seed;
        for (int i = 0; i < length; i++)
        {
            state = (state ^ (uint)i) * 16777619;
            sb.Append(alphabet[(int)(state % (uint)alphabet.Length)]);
        }

        return sb.ToString();
    }

    /// <summary>One gateway in redact mode (project "strict" blocks) in front of an OpenAI-compatible fake upstream.</summary>
    public sealed class Gateway : IAsyncLifetime
    {
        public GatewayHarness Harness { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Harness = await GatewayHarness.StartAsync(new OpenAIUpstreamWire(), c =>
            {
                c["Purser:Cache:Enabled"] = "false";
                c["Purser:Guard:Secrets:Projects:strict:Mode"] = "block";
            });

        public async Task DisposeAsync() => await Harness.DisposeAsync();

        public async Task<HttpResponseMessage> PostAsync(string path, JsonObject body, string? project = null)
        {
            using HttpClient http = Harness.Gateway.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            if (project is not null)
            {
                request.Headers.Add("x-purser-project", project);
            }

            return await http.SendAsync(request);
        }
    }
}
