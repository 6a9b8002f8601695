using System.Text;
using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Guards;

namespace Purser.Core.Tests.Guards;

/// <summary>
/// The evasions an outside audit used to get secrets past the guard (issue 17, item 8), and the ordinary snippets it
/// flagged. Each evasion must be found, and redacted in the text as sent: the invisible or look-alike characters go
/// with the secret, nothing of it is left.
/// </summary>
public sealed class SecretGuardEvasionTests
{
    // Built at run time so the source holds nothing that looks like a live key.
    private static readonly string GitHubToken = "gh" + "p_" + Body(11, 36);
    private static readonly string OpenAIKey = "sk-" + "proj-" + Body(12, 64);
    private static readonly string AwsKeyId = "AK" + "IA" + Body(13, 16).ToUpperInvariant();

    [Theory]
    [InlineData("github")]
    [InlineData("openai")]
    public void Scan_ZeroWidthSpaceEveryTenToTwelveCharacters_FindsTheKeyAndRedactsAllOfIt(string which)
    {
        (string key, SecretKind kind) = which == "github" ? (GitHubToken, SecretKind.GitHubToken) : (OpenAIKey, SecretKind.OpenAIApiKey);
        string evasive = Interleave(key, "\u200B", 10, 12);
        string text = $"please use {evasive} for the deploy";

        string redacted = SecretScanner.Default.Redact(text, out IReadOnlyList<SecretFinding> findings);

        findings.Select(f => f.Kind).ShouldBe([kind]);
        redacted.ShouldBe($"please use {SecretScanner.Placeholder(kind)} for the deploy");
    }

    [Fact]
    public void Scan_ZeroWidthSpaceAfterAkia_FindsTheAccessKeyId()
    {
        string text = "aws_access_key_id = " + AwsKeyId[..4] + "\u200B" + AwsKeyId[4..] + "\nregion = eu-west-1";

        string redacted = SecretScanner.Default.Redact(text, out IReadOnlyList<SecretFinding> findings);

        findings.Select(f => f.Kind).ShouldBe([SecretKind.AwsAccessKeyId]);
        redacted.ShouldBe("aws_access_key_id = [REDACTED:aws_access_key_id]\nregion = eu-west-1");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(10)]
    public void Scan_CyrillicLookAlikeInAccessKeyId_FindsIt(int at)
    {
        // U+0410 CYRILLIC CAPITAL LETTER A in place of one character.
        string key = AwsKeyId[..at] + '\u0410' + AwsKeyId[(at + 1)..];
        string text = $"export AWS_ACCESS_KEY_ID={key}";

        string redacted = SecretScanner.Default.Redact(text, out IReadOnlyList<SecretFinding> findings);

        findings.Select(f => f.Kind).ShouldBe([SecretKind.AwsAccessKeyId]);
        redacted.ShouldBe("export AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key_id]");
    }

    [Fact]
    public void Scan_FullwidthEqualsSign_FindsThePasswordAssignment()
    {
        string password = "Tr0ub4dor&" + Body(14, 6);
        string text = $"DB_HOST=db.internal\nDB_PASSWORD\uFF1D{password}\nDB_PORT=5432";

        string redacted = SecretScanner.Default.Redact(text, out IReadOnlyList<SecretFinding> findings);

        findings.Select(f => (f.Kind, f.Line)).ShouldBe([(SecretKind.PasswordAssignment, 2)]);
        redacted.ShouldBe("DB_HOST=db.internal\nDB_PASSWORD\uFF1D[REDACTED:password_assignment]\nDB_PORT=5432");
    }

    [Fact]
    public void Scan_FullwidthKey_FindsItAndRedactsTheFullwidthCharacters()
    {
        string fullwidth = string.Concat(GitHubToken.Select(c => (char)(c + 0xFEE0)));

        string redacted = SecretScanner.Default.Redact($"token: {fullwidth}", out IReadOnlyList<SecretFinding> findings);

        findings.Select(f => f.Kind).ShouldBe([SecretKind.GitHubToken]);
        redacted.ShouldBe("token: [REDACTED:github_token]");
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("escaped")]
    [InlineData("spaced")]
    public void Scan_HexEncodedToken_FindsItAndRedactsTheHex(string style)
    {
        IEnumerable<string> bytes = Encoding.ASCII.GetBytes(GitHubToken).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        string hex = style switch
        {
            "plain" => string.Concat(bytes),
            "escaped" => string.Concat(bytes.Select(b => "\\x" + b)),
            _ => string.Join(' ', bytes),
        };
        string text = $"decode this and use it: {hex} thanks";

        string redacted = SecretScanner.Default.Redact(text, out IReadOnlyList<SecretFinding> findings);

        findings.Select(f => f.Kind).ShouldBe([SecretKind.GitHubToken]);
        redacted.ShouldBe("decode this and use it: [REDACTED:github_token] thanks");
    }

    [Fact]
    public void Scan_HexEncodedEnvFile_FindsEachSecretInIt()
    {
        string env = $"GITHUB_TOKEN={GitHubToken}\nDB_PASSWORD=Tr0ub4dor&{Body(15, 5)}\n";
        string hex = Convert.ToHexString(Encoding.UTF8.GetBytes(env));

        IReadOnlyList<SecretFinding> findings = SecretScanner.Default.Scan($"echo {hex} | xxd -r -p > .env");

        findings.Select(f => f.Kind).ShouldBe([SecretKind.GitHubToken, SecretKind.PasswordAssignment]);
    }

    [Fact]
    public void Apply_KeySplitAcrossMessagesInPiecesOfAtMostTwenty_IsRedactedInEveryPiece()
    {
        string[] pieces = Split("my key is " + OpenAIKey + " ok", 20);
        var request = new ChatRequest();
        foreach (string piece in pieces)
        {
            request.Messages.Add(ChatMessage.FromText(ChatRole.User, piece));
        }

        SecretGuardResult result = new SecretGuard(new SecretGuardOptions()).Apply(request);

        result.Findings.Select(f => f.Kind).ShouldBe([SecretKind.OpenAIApiKey]);
        result.Findings[0].Path.ShouldBe("messages[0].content[0]");
        int keyEnd = "my key is ".Length + OpenAIKey.Length - 1, last = 0;
        for (int covered = pieces[0].Length; covered <= keyEnd; covered += pieces[++last].Length)
        {
        }

        result.Findings[0].EndPath.ShouldBe($"messages[{last}].content[0]");
        string sent = string.Concat(request.Messages.Select(m => m.Text));
        for (int i = 0; i + 8 <= OpenAIKey.Length; i++)
        {
            sent.ShouldNotContain(OpenAIKey.Substring(i, 8));
        }

        System.Text.RegularExpressions.Regex.Replace(sent, @"(\[REDACTED:openai_api_key\])+", "$1").ShouldBe("my key is [REDACTED:openai_api_key] ok");
        request.Messages.ShouldAllBe(m => m.Text.Length > 0);
    }

    [Fact]
    public void Apply_KeySplitAcrossMessagesOfRawBody_BlocksAndRedacts()
    {
        string[] pieces = Split(GitHubToken, 9);
        JsonObject Body() => new()
        {
            ["model"] = "gpt-4o",
            ["messages"] = new JsonArray([.. pieces.Select(p => (JsonNode)new JsonObject { ["role"] = "user", ["content"] = p })]),
        };
        ChatRequest Request(JsonObject raw)
        {
            var request = new ChatRequest { Raw = raw };
            request.Messages.AddRange(pieces.Select(p => ChatMessage.FromText(ChatRole.User, p)));
            return request;
        }

        ChatRequest blocked = Request(Body());
        ChatRequest redacted = Request(Body());
        SecretGuardResult block = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Block }).Apply(blocked);
        SecretGuardResult redact = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Redact }).Apply(redacted);

        block.IsBlocked.ShouldBeTrue();
        block.Message.ShouldContain("github_token at messages[0].content, line 1, column 1, through messages[");
        blocked.Raw!.ToJsonString().ShouldContain(pieces[1]);
        redact.Action.ShouldBe(SecretGuardAction.Redacted);
        string body = redacted.Raw!.ToJsonString();
        foreach (string piece in pieces)
        {
            body.ShouldNotContain("\"" + piece + "\"");
        }

        redacted.Raw!["messages"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()).ShouldAllBe(c => c == "[REDACTED:github_token]");
        redacted.Messages.Select(m => m.Text).ShouldAllBe(c => c == "[REDACTED:github_token]");
    }

    [Fact]
    public void RedactJson_KeySplitAcrossAnthropicTextBlocksAndToolResult_IsRedactedInEveryBlock()
    {
        string[] pieces = Split("ANTHROPIC_API_KEY=sk-" + "ant-api03-" + Body(16, 93) + "AA", 17);
        var blocks = new JsonArray([.. pieces.Take(pieces.Length - 2).Select(p => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = p })]);
        blocks.Add(new JsonObject
        {
            ["type"] = "tool_result",
            ["tool_use_id"] = "toolu_01",
            ["content"] = new JsonArray([.. pieces.TakeLast(2).Select(p => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = p })]),
        });
        var body = new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = blocks }) };

        IReadOnlyList<SecretFinding> findings = SecretGuard.RedactJson(body);

        findings.Select(f => f.Kind).ShouldBe([SecretKind.AnthropicApiKey]);
        string text = string.Concat(body.ToJsonString().Split("\"text\":\"").Skip(1).Select(t => t[..t.IndexOf('"', StringComparison.Ordinal)]));
        text.ShouldNotContain("api03");
        text.ShouldStartWith("ANTHROPIC_API_KEY=");
        text.ShouldEndWith("[REDACTED:anthropic_api_key]");
    }

    [Fact]
    public void RedactJson_KeyCutBetweenSystemAndFirstMessage_IsFoundWhateverThePropertyOrder()
    {
        // The model reads the system prompt before the messages; the body may list them the other way round.
        var body = new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = GitHubToken[20..] + " is the rest" }),
            ["system"] = "use the token " + GitHubToken[..20],
        };

        IReadOnlyList<SecretFinding> findings = SecretGuard.RedactJson(body);

        findings.Select(f => (f.Kind, f.Path, f.EndPath)).ShouldBe([(SecretKind.GitHubToken, "system", "messages[0].content")]);
        body["system"]!.GetValue<string>().ShouldBe("use the token [REDACTED:github_token]");
        body["messages"]![0]!["content"]!.GetValue<string>().ShouldBe("[REDACTED:github_token] is the rest");
    }

    [Fact]
    public void Apply_ZeroWidthEvasionInToolCallArgumentsAndImageUrl_IsRedacted()
    {
        string evasive = Interleave(GitHubToken, "\u2060", 5, 7);
        string arguments = new JsonObject { ["cmd"] = "git clone https://x:" + evasive + "@github.com/o/r.git" }.ToJsonString();
        var request = new ChatRequest();
        request.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ToolCallPart("call_1", "shell", arguments)]));
        request.Messages.Add(new ChatMessage(ChatRole.User, [ImagePart.FromUrl("https://cdn.acme-assets.net/a.png?token=" + evasive)]));

        SecretGuardResult result = new SecretGuard(new SecretGuardOptions()).Apply(request);

        result.Findings.Select(f => (f.Kind, f.Path)).ShouldBe(
        [
            (SecretKind.GitHubToken, "messages[0].content[0].arguments.cmd"),
            (SecretKind.GitHubToken, "messages[1].content[0].url"),
        ]);
        JsonNode.Parse(((ToolCallPart)request.Messages[0].Content[0]).Arguments)!["cmd"]!.GetValue<string>()
            .ShouldBe("git clone https://x:[REDACTED:github_token]@github.com/o/r.git");
        ((ImagePart)request.Messages[1].Content[0]).Url.ShouldBe("https://cdn.acme-assets.net/a.png?token=[REDACTED:github_token]");
    }

    [Fact]
    public void Scan_PngFixtureInBase64_IsNotASecret()
    {
        // The 1x1 PNG every test suite has, as code and as a JSON value.
        const string Pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

        SecretScanner.Default.Scan($"var png = Convert.FromBase64String(\"{Pixel}\");").ShouldBeEmpty();
        SecretScanner.Default.Scan(Pixel).ShouldBeEmpty();
    }

    [Fact]
    public void Scan_Base64OfJsonValue_IsNotASecretUnlessTheJsonHoldsOne()
    {
        string json = "{\"userId\":12345,\"roles\":[\"admin\",\"editor\"],\"exp\":1767225600,\"tenant\":\"acme-corp-eu\",\"features\":[\"beta\",\"reports\"],\"v\":2}";
        string value = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        string withToken = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"auth\":\"{GitHubToken}\",\"v\":2}}"));

        value.Length.ShouldBe(160);
        SecretScanner.Default.Scan($"{{\"payload\": \"{value}\"}}").ShouldBeEmpty();
        SecretScanner.Default.Scan($"{{\"payload\": \"{withToken}\"}}").Select(f => f.Kind).ShouldBe([SecretKind.GitHubToken]);
    }

    [Theory]
    [InlineData("ksuid: 0ujtsYcgvSTl8PAuAdqWYSMnLOv")] // the example in segmentio/ksuid's README (2017)
    [InlineData("{\"event_id\": \"{ksuid}\", \"type\": \"order.created\"}")]
    [InlineData("INFO created order id={ksuid} in 12 ms")]
    [InlineData("const requestId = ksuid(); // e.g. {ksuid}")]
    public void Scan_Ksuid_IsNotASecret(string template)
    {
        var random = new Random(template.Length);
        for (int i = 0; i < 50; i++)
        {
            string text = template.Replace("{ksuid}", SecretCorpus.Ksuid(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(random.Next(0, 24 * 365 * 6)), random), StringComparison.Ordinal);

            SecretScanner.Default.Scan(text).ShouldBeEmpty(text);
        }
    }

    [Fact]
    public void Apply_KeyEndingAMessageBeforeOneStartingWithAWord_IsRedactedInItsOwnMessageOnly()
    {
        // Joined without a separator, "...<key>" and "Thanks" read as one longer token; the next message is not touched.
        var request = new ChatRequest();
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "my token is " + GitHubToken));
        request.Messages.Add(ChatMessage.FromText(ChatRole.Assistant, "Thanks, I will not store it."));
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "and the key is AI" + "za" + Body(17, 35)));
        request.Messages.Add(ChatMessage.FromText(ChatRole.Assistant, "Go on."));

        SecretGuardResult result = new SecretGuard(new SecretGuardOptions()).Apply(request);

        result.Findings.Select(f => (f.Kind, f.Path, f.EndPath)).ShouldBe(
        [
            (SecretKind.GitHubToken, "messages[0].content[0]", null),
            (SecretKind.GoogleApiKey, "messages[2].content[0]", null),
        ]);
        request.Messages.Select(m => m.Text).ShouldBe(
            ["my token is [REDACTED:github_token]", "Thanks, I will not store it.", "and the key is [REDACTED:google_api_key]", "Go on."]);
    }

    [Fact]
    public void Apply_OrdinaryTextEndingAndStartingMessages_FindsNothingInTheSeams()
    {
        // A SHA, an id and an identifier ending a message, run into the next message's first word, are not secrets.
        var request = new ChatRequest();
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "the fix is in commit " + Convert.ToHexString(System.Security.Cryptography.SHA1.HashData([1, 2, 3])).ToLowerInvariant()));
        request.Messages.Add(ChatMessage.FromText(ChatRole.Assistant, "Thanks! Looking at it now"));
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "ConvertToVector128SByteWithSaturation"));
        request.Messages.Add(ChatMessage.FromText(ChatRole.Assistant, "Sure, that one is in System.Runtime.Intrinsics."));

        new SecretGuard(new SecretGuardOptions()).Apply(request).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Apply_ValueSplitFromItsName_IsFoundInTheSeam()
    {
        string password = "Tr0ub4dor&" + Body(18, 6);
        var request = new ChatRequest();
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, "DB_PASSWORD="));
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, password));

        SecretGuardResult result = new SecretGuard(new SecretGuardOptions()).Apply(request);

        result.Findings.Select(f => (f.Kind, f.Path, f.EndPath)).ShouldBe([(SecretKind.PasswordAssignment, "messages[1].content[0]", null)]);
        request.Messages[1].Text.ShouldBe("[REDACTED:password_assignment]");
    }

    [Fact]
    public void Scan_HexOfAnAssignment_RedactsOnlyTheBytesOfTheValue()
    {
        string password = "Tr0ub4dor&" + Body(19, 6);
        string hex = Convert.ToHexString(Encoding.ASCII.GetBytes("DB_PASSWORD=" + password)).ToLowerInvariant();

        string redacted = SecretScanner.Default.Redact($"echo {hex} | xxd -r -p", out IReadOnlyList<SecretFinding> findings);

        findings.Select(f => f.Kind).ShouldBe([SecretKind.PasswordAssignment]);
        redacted.ShouldBe($"echo {Convert.ToHexString(Encoding.ASCII.GetBytes("DB_PASSWORD=")).ToLowerInvariant()}[REDACTED:password_assignment] | xxd -r -p");
    }

    [Fact]
    public void Scan_HexThatIsNotText_IsNotDecodedIntoFindings()
    {
        string digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData([4, 5, 6])).ToLowerInvariant();
        string greeting = Convert.ToHexString(Encoding.UTF8.GetBytes("Hello from the gateway, all budgets are fine.")).ToLowerInvariant();

        SecretScanner.Default.Scan($"sha256 {digest}\ngreeting {greeting}\n0x{digest}").ShouldBeEmpty();
    }

    [Fact]
    public void Scan_Base64OfAPublicKeyIsData_OfAPrivateKeyIsASecret()
    {
        // DER SubjectPublicKeyInfo (P-256) and PKCS#8 PrivateKeyInfo, random key bytes, in base64.
        byte[] publicKey = [.. Convert.FromHexString("3059301306072a8648ce3d020106082a8648ce3d03010703420004"), .. Bytes(20, 64)];
        byte[] privateKey = [.. Convert.FromHexString("3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420"), .. Bytes(21, 32)];

        SecretScanner.Default.Scan("publicKey: " + Convert.ToBase64String(publicKey)).ShouldBeEmpty();
        SecretScanner.Default.Scan("material: " + Convert.ToBase64String(privateKey)).Select(f => f.Kind).ShouldBe([SecretKind.HighEntropy]);
    }

    // Inserts `insert` every `min` to `max` characters (deterministic).
    internal static string Interleave(string text, string insert, int min, int max)
    {
        var random = new Random(text.Length);
        var sb = new StringBuilder();
        int next = random.Next(min, max + 1);
        for (int i = 0; i < text.Length; i++)
        {
            if (i == next)
            {
                sb.Append(insert);
                next += random.Next(min, max + 1);
            }

            sb.Append(text[i]);
        }

        return sb.ToString();
    }

    // Cuts text into pieces of at most `max` characters (deterministic sizes).
    internal static string[] Split(string text, int max)
    {
        var random = new Random(text.Length + max);
        var pieces = new List<string>();
        for (int i = 0; i < text.Length;)
        {
            int n = Math.Min(text.Length - i, random.Next(Math.Max(1, max / 2), max + 1));
            pieces.Add(text.Substring(i, n));
            i += n;
        }

        return [.. pieces];
    }

    private static byte[] Bytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Body(int seed, int length)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(seed);
        return string.Concat(Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)]));
    }
}
