using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Guards;

/// <summary>
/// A secret of every kind the guard knows, planted through the official npm clients (tests/js/secrets.mjs) in
/// every place a prompt carries text — system prompts, developer messages, content parts, Anthropic system and
/// content blocks, tool results, tool-call arguments, streamed and not — against an upstream of each kind
/// (same-protocol passthrough and translation). Every body the fake upstream received is inspected.
/// </summary>
public sealed class SecretGuardNpmClientTests
{
    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    public async Task Redact_NoSecretOfAnyKindReachesTheUpstreamFromAnyPlace(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire), NoCache);
        IReadOnlyList<Sample> samples = Samples();

        JsonObject r = await RunAsync(h.Url, samples);

        foreach (var (name, result) in r)
        {
            result!["status"]!.GetValue<int>().ShouldBe(200, $"{name}: {result["message"]}");
        }

        h.Upstream.CallCount.ShouldBe(r.Count);
        string[] names = [.. r.Select(p => p.Key)];
        int index = 0;
        foreach (ReceivedRequest received in h.Upstream.Received)
        {
            string text = Strings(JsonNode.Parse(received.Body)!);
            foreach (Sample s in samples)
            {
                int at = text.IndexOf(s.Value, StringComparison.Ordinal);
                at.ShouldBe(-1, $"{s.Kind} reached the upstream in {names[index]}: ...{(at < 0 ? "" : text[Math.Max(0, at - 40)..Math.Min(text.Length, at + s.Value.Length + 40)])}...");
            }

            index++;
        }

        // Not vacuous: each place's request arrived, with a typed placeholder for every kind.
        string everything = string.Join("\n", h.Upstream.Received.Select(q => Strings(JsonNode.Parse(q.Body)!)));
        foreach (Sample s in samples)
        {
            everything.ShouldContain($"[REDACTED:{s.Kind}]");
        }
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    public async Task Block_EveryKindAndEveryPlaceIs400NamingTheKindWithoutTheSecret(string wire)
    {
        await using GatewayHarness h = await GatewayHarness.StartAsync(Wires.Create(wire), c =>
        {
            NoCache(c);
            c["Purser:Guard:Secrets:Mode"] = "block";
        });
        IReadOnlyList<Sample> samples = Samples();

        JsonObject r = await RunAsync(h.Url, samples);

        foreach (var (name, result) in r)
        {
            result!["status"]!.GetValue<int>().ShouldBe(400, $"{name}: {result["message"]}");
            string message = result["message"]!.GetValue<string>();
            foreach (Sample s in samples)
            {
                message.ShouldNotContain(s.Value, Case.Sensitive, name);
            }
        }

        foreach (Sample s in samples)
        {
            r[$"kind_openai_{s.Kind}"]!["message"]!.GetValue<string>().ShouldContain(s.Kind);
            r[$"kind_anthropic_stream_{s.Kind}"]!["message"]!.GetValue<string>().ShouldContain(s.Kind);
        }

        h.Upstream.CallCount.ShouldBe(0);
        LedgerDb.Rows(h.Gateway.Home).Count.ShouldBe(r.Count);
        LedgerDb.Rows(h.Gateway.Home).ShouldAllBe(row => (string)row["outcome"]! == "guard_blocked");
    }

    private static void NoCache(Dictionary<string, string?> c) => c["Purser:Cache:Enabled"] = "false";

    /// <summary>Every string value in a JSON document, unescaped (a re-serialised body may escape '+' as \u002B).</summary>
    private static string Strings(JsonNode node)
    {
        var sb = new StringBuilder();
        Walk(node);
        return sb.ToString();

        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (_, v) in o)
                    {
                        Walk(v);
                    }

                    break;
                case JsonArray a:
                    foreach (JsonNode? v in a)
                    {
                        Walk(v);
                    }

                    break;
                case JsonValue v when v.TryGetValue(out string? s):
                    sb.Append(s).Append('\n');
                    break;
            }
        }
    }

    internal sealed record Sample(string Kind, string Line, string Value);

    /// <summary>One sample per kind, in the context it turns up in. Built at run time from a seeded random source.</summary>
    private static List<Sample> Samples()
    {
        var random = new Random(20261122);
        string An(int n) => Pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n, random);
        string Url(int n) => Pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", n, random);
        string B64(int n) => Pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", n, random);
        string Up(int n) => Pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n, random);
        string Num(int n) => Pick("0123456789", n, random);

        var list = new List<Sample>();
        void Add(string kind, string prefix, string value, string suffix = "") => list.Add(new Sample(kind, prefix + value + suffix, value));

        Add("openai_api_key", "OPENAI_API_KEY=", "sk-" + "proj-" + Url(156));
        Add("anthropic_api_key", "ANTHROPIC_API_KEY=", "sk-" + "ant-api03-" + Url(93) + "AA");
        Add("google_api_key", "GOOGLE_API_KEY=", "AI" + "za" + An(35));
        Add("xai_api_key", "XAI_API_KEY=", "xa" + "i-" + An(80));
        Add("aws_access_key_id", "export AWS_ACCESS_KEY_ID=", "AK" + "IA" + Up(16));
        Add("aws_secret_access_key", "aws_secret_access_key = ", B64(40));
        Add("azure_key", "DefaultEndpointsProtocol=https;AccountName=purserdata;AccountKey=", B64(86) + "==", ";EndpointSuffix=core.windows.net");
        Add("github_token", "GITHUB_TOKEN=", "gh" + "p_" + An(36));
        Add("gitlab_token", "git remote add origin https://oauth2:", "gl" + "pat-" + Url(20), "@gitlab.com/purser/purser.git");
        Add("slack_token", "SLACK_BOT_TOKEN=", "xo" + "xb-" + Num(12) + "-" + Num(13) + "-" + An(24));
        Add("stripe_key", "STRIPE_SECRET_KEY=", "sk" + "_live_" + An(99));
        string pemBody = B64(64);
        list.Add(new Sample("private_key", "-----BEGIN " + "RSA PRIVATE KEY-----\n" + pemBody + "\n" + B64(64) + "\n-----END RSA PRIVATE KEY-----", pemBody));
        Add("jwt", "curl -H \"Authorization: Bearer ", Jwt(random), "\" https://api.example.test/v1/me");
        Add("password_assignment", "DB_PASSWORD=", "Tr0ub4dor&" + Num(3) + "x");
        Add("secret_assignment", "API_KEY=", An(32));
        Add("connection_string", "DATABASE_URL=postgres://app:", An(20), "@db.internal:5432/purser");
        Add("high_entropy", "curl https://api.internal/v1/items -H \"X-Session: ", An(40), "\"");
        return list;
    }

    private static string Jwt(Random random)
    {
        static string B64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return B64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + B64Url($"{{\"sub\":\"{random.Next(100000, 999999)}\",\"name\":\"Test User\"}}") + "." +
            Pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 43, random);
    }

    private static string Pick(string alphabet, int n, Random random)
    {
        var sb = new StringBuilder(n);
        for (int i = 0; i < n; i++)
        {
            sb.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return sb.ToString();
    }

    private static async Task<JsonObject> RunAsync(string url, IReadOnlyList<Sample> samples)
    {
        string folder = FindJsFolder();
        File.Exists(Path.Combine(folder, "node_modules", "openai", "package.json")).ShouldBeTrue($"npm packages are missing: run `npm ci` in {folder} (scripts/test.sh does).");
        string file = Path.Combine(Path.GetTempPath(), "purser-secrets-" + Guid.NewGuid().ToString("N") + ".json");
        var json = new JsonObject { ["samples"] = new JsonArray([.. samples.Select(s => (JsonNode)new JsonObject { ["kind"] = s.Kind, ["line"] = s.Line, ["value"] = s.Value })]) };
        await File.WriteAllTextAsync(file, json.ToJsonString());
        try
        {
            var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("secrets.mjs");
            start.ArgumentList.Add(url);
            start.ArgumentList.Add(GatewayHarness.Model);
            start.ArgumentList.Add(file);
            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            string output = await stdout;
            process.ExitCode.ShouldBe(0, await stderr);
            return JsonNode.Parse(output)!.AsObject();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string FindJsFolder()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "js");
            if (File.Exists(Path.Combine(candidate, "secrets.mjs")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/js/secrets.mjs not found above " + AppContext.BaseDirectory);
    }
}
