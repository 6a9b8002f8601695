using System.Text.Json.Nodes;
using Purser.Chat;
using Purser.Guards;

namespace Purser.Core.Tests.Guards;

public sealed class SecretGuardTests
{
    // Built at run time so the source holds nothing that looks like a live key.
    private static readonly string OpenAIKey = "sk-proj-" + Body(1, 64);
    private static readonly string GitHubToken = "ghp" + "_" + Body(2, 36);

    [Fact]
    public void Apply_BlockMode_DescribesKindAndPlaceWithoutTheSecret()
    {
        var guard = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Block });

        SecretGuardResult result = guard.Apply($"my key:\n  {OpenAIKey}\nthanks");

        result.IsBlocked.ShouldBeTrue();
        result.Action.ShouldBe(SecretGuardAction.Blocked);
        result.Message.ShouldContain("openai_api_key at line 2, column 3");
        result.Message.ShouldNotContain(OpenAIKey[..12]);
        result.Text.ShouldBe($"my key:\n  {OpenAIKey}\nthanks");
    }

    [Fact]
    public void Apply_RedactMode_ReturnsTextWithTypedPlaceholder()
    {
        var guard = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Redact });

        SecretGuardResult result = guard.Apply($"token {GitHubToken} and key {OpenAIKey}");

        result.Action.ShouldBe(SecretGuardAction.Redacted);
        result.Text.ShouldBe("token [REDACTED:github_token] and key [REDACTED:openai_api_key]");
        result.Summary.ShouldBe("github_token=1,openai_api_key=1");
    }

    [Fact]
    public void Apply_EmbeddingInputs_AreScannedAndRedactedInTheCanonicalRequest()
    {
        var guard = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Redact });
        var embedding = new Purser.Embeddings.EmbeddingRequest();
        embedding.Inputs.Add(Purser.Embeddings.EmbeddingInput.FromText("clean text"));
        embedding.Inputs.Add(Purser.Embeddings.EmbeddingInput.FromText($"config: {OpenAIKey}"));
        embedding.Inputs.Add(Purser.Embeddings.EmbeddingInput.FromTokens([1, 2]));
        var request = new Purser.Chat.ChatRequest { Model = "text-embedding-3-small", Embedding = embedding };

        SecretGuardResult result = guard.Apply(request);

        result.Findings.Single().Path.ShouldBe("input[1]");
        embedding.Inputs[1].Text.ShouldBe("config: [REDACTED:openai_api_key]");
        embedding.Inputs[0].Text.ShouldBe("clean text");
    }

    [Fact]
    public void Apply_WarnMode_LeavesTextUnchangedAndReportsFindings()
    {
        var guard = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Warn });
        string text = $"key {OpenAIKey}";

        SecretGuardResult result = guard.Apply(text);

        result.Action.ShouldBe(SecretGuardAction.Warned);
        result.Text.ShouldBeSameAs(text);
        result.Findings.Single().Kind.ShouldBe(SecretKind.OpenAIApiKey);
    }

    [Fact]
    public void Apply_OffMode_ScansNothing()
    {
        var guard = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Off });

        SecretGuardResult result = guard.Apply($"key {OpenAIKey}");

        result.Action.ShouldBe(SecretGuardAction.None);
        result.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Apply_NoSecret_ActionIsNoneInEveryMode()
    {
        foreach (SecretGuardMode mode in Enum.GetValues<SecretGuardMode>())
        {
            var guard = new SecretGuard(new SecretGuardOptions { Mode = mode });

            SecretGuardResult result = guard.Apply("refactor this method, please");

            result.Action.ShouldBe(SecretGuardAction.None);
            result.IsBlocked.ShouldBeFalse();
        }
    }

    [Fact]
    public void Apply_RequestInRedactMode_RedactsCanonicalModelAndRawBody()
    {
        var raw = JsonNode.Parse($$$"""
            {"model": "gpt-4o", "messages": [
              {"role": "system", "content": "be brief"},
              {"role": "user", "content": "why is {{{OpenAIKey}}} rejected?"},
              {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "clone", "arguments": "{\"token\":\"{{{GitHubToken}}}\"}"}}]}
            ]}
            """)!.AsObject();
        var request = new ChatRequest { Model = "gpt-4o", Raw = raw };
        request.System.Add(new TextPart("be brief"));
        request.Messages.Add(ChatMessage.FromText(ChatRole.User, $"why is {OpenAIKey} rejected?"));
        request.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ToolCallPart("call_1", "clone", $"{{\"token\":\"{GitHubToken}\"}}")]));
        var guard = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Redact });

        SecretGuardResult result = guard.Apply(request);

        result.Action.ShouldBe(SecretGuardAction.Redacted);
        result.Findings.Select(f => f.Path).ShouldBe(["messages[1].content", "messages[2].tool_calls[0].function.arguments.token"]);
        request.Messages[0].Text.ShouldBe("why is [REDACTED:openai_api_key] rejected?");
        ((ToolCallPart)request.Messages[1].Content[0]).Arguments.ShouldBe("{\"token\":\"[REDACTED:github_token]\"}");
        string body = raw.ToJsonString();
        body.ShouldNotContain(OpenAIKey);
        body.ShouldNotContain(GitHubToken);
        raw["messages"]![1]!["content"]!.GetValue<string>().ShouldBe("why is [REDACTED:openai_api_key] rejected?");
        raw["messages"]![2]!["tool_calls"]![0]!["id"]!.GetValue<string>().ShouldBe("call_1");
    }

    [Fact]
    public void Apply_ToolCallArgumentsWithEscapedCharacters_RedactsEachValueAndKeepsValidJson()
    {
        // Anthropic tool_use input reaches the canonical model re-serialised by System.Text.Json, which escapes '+'
        // as \u002B and '&' as \u0026: scanned as text, the secret hid behind the escapes and a placeholder could cut
        // an escape in half.
        string awsSecret = "Qm3vTz8LpR2xK+Wn4YbH7c+" + Body(3, 17);
        string password = "Tr0ub4dor&" + "730x";
        string arguments = System.Text.Json.JsonSerializer.Serialize(new { path = $"aws_secret_access_key = {awsSecret}\nDB_PASSWORD={password}\nbye" });
        arguments.ShouldContain("\\u002B");
        var request = new ChatRequest();
        request.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ToolCallPart("toolu_1", "read_config", arguments)]));
        var guard = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Redact });

        SecretGuardResult result = guard.Apply(request);

        result.Findings.Select(f => (f.Kind, f.Path)).ShouldBe(
        [
            (SecretKind.AwsSecretAccessKey, "messages[0].content[0].arguments.path"),
            (SecretKind.PasswordAssignment, "messages[0].content[0].arguments.path"),
        ]);
        string path = JsonNode.Parse(((ToolCallPart)request.Messages[0].Content[0]).Arguments)!["path"]!.GetValue<string>();
        path.ShouldBe("aws_secret_access_key = [REDACTED:aws_secret_access_key]\nDB_PASSWORD=[REDACTED:password_assignment]\nbye");
    }

    [Fact]
    public void Apply_ImageUrlWithCredentials_IsRedactedInTheCanonicalModel()
    {
        // A translated request is built from the canonical model, so the URL must be guarded there too.
        string password = Body(4, 20);
        var request = new ChatRequest();
        request.Messages.Add(new ChatMessage(ChatRole.User, [new TextPart("what is this?"), ImagePart.FromUrl($"https://deploy:{password}@cdn.acme-assets.net/a.png", "low")]));
        var guard = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Redact });

        SecretGuardResult result = guard.Apply(request);

        result.Findings.Select(f => (f.Kind, f.Path)).ShouldBe([(SecretKind.ConnectionString, "messages[0].content[1].url")]);
        var image = (ImagePart)request.Messages[0].Content[1];
        image.Url.ShouldBe("https://deploy:[REDACTED:connection_string]@cdn.acme-assets.net/a.png");
        image.Detail.ShouldBe("low");
    }

    [Fact]
    public void Apply_RequestInBlockMode_ReportsCanonicalPathsAndChangesNothing()
    {
        var request = new ChatRequest();
        request.System.Add(new TextPart("deploy with " + GitHubToken));
        request.Messages.Add(new ChatMessage(ChatRole.Tool, [new ToolResultPart("call_1", [new TextPart("output: " + OpenAIKey)])]));
        var guard = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Block });

        SecretGuardResult result = guard.Apply(request);

        result.IsBlocked.ShouldBeTrue();
        result.Findings.Select(f => f.ToString()).ShouldBe(
        [
            "github_token at system[0], line 1, column 13",
            "openai_api_key at messages[0].content[0].content[0], line 1, column 9",
        ]);
        request.System[0].Text.ShouldEndWith(GitHubToken);
    }

    [Fact]
    public void Apply_RequestWithRawBodyInBlockMode_ReportsRawPathsAndChangesNothing()
    {
        var raw = JsonNode.Parse($$"""{"model": "claude-sonnet-4-5", "system": "deploy with {{GitHubToken}}", "messages": []}""")!.AsObject();
        var request = new ChatRequest { Raw = raw };
        request.System.Add(new TextPart("deploy with " + GitHubToken));
        var guard = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Block });

        SecretGuardResult result = guard.Apply(request);

        result.IsBlocked.ShouldBeTrue();
        result.Message.ShouldBe("Request blocked by the secret guard: 1 secret: github_token at system, line 1, column 13. Remove them, or ask for the guard's mode to be changed.");
        raw["system"]!.GetValue<string>().ShouldEndWith(GitHubToken);
        request.System[0].Text.ShouldEndWith(GitHubToken);
    }

    [Fact]
    public void Apply_RequestWithThinkingBlock_LeavesSignedReasoningAlone()
    {
        var request = new ChatRequest();
        request.Messages.Add(new ChatMessage(ChatRole.Assistant, [new ThinkingPart("the user pasted " + OpenAIKey) { Signature = "sig" }]));
        var guard = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Redact });

        SecretGuardResult result = guard.Apply(request);

        result.Findings.ShouldBeEmpty();
        ((ThinkingPart)request.Messages[0].Content[0]).Text.ShouldEndWith(OpenAIKey);
    }

    [Fact]
    public void RedactJson_StringsEverywhere_RedactsTextAndSkipsIdsSignaturesAndData()
    {
        string signature = "Eq" + Body(3, 120);
        var node = JsonNode.Parse($$$"""
            {"messages": [{"role": "user", "content": [
                {"type": "text", "text": "key {{{OpenAIKey}}}"},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "{{{Body(4, 300)}}}"}},
                {"type": "tool_result", "tool_use_id": "toolu_{{{Body(5, 24)}}}", "content": [{"type": "text", "text": "{{{GitHubToken}}}"}]}
              ]},
              {"role": "assistant", "content": [{"type": "thinking", "thinking": "saw {{{OpenAIKey}}}", "signature": "{{{signature}}}"}]}],
             "metadata": {"note": ["nested", "again {{{GitHubToken}}}"]}}
            """)!;

        IReadOnlyList<SecretFinding> findings = SecretGuard.RedactJson(node);

        findings.Select(f => $"{f.Path} {f.KindId}").ShouldBe(
        [
            "messages[0].content[0].text openai_api_key",
            "messages[0].content[2].content[0].text github_token",
            "metadata.note[1] github_token",
        ]);
        node["messages"]![0]!["content"]![0]!["text"]!.GetValue<string>().ShouldBe("key [REDACTED:openai_api_key]");
        node["metadata"]!["note"]![1]!.GetValue<string>().ShouldBe("again [REDACTED:github_token]");
        node["messages"]![1]!["content"]![0]!["thinking"]!.GetValue<string>().ShouldBe("saw " + OpenAIKey);
        node["messages"]![1]!["content"]![0]!["signature"]!.GetValue<string>().ShouldBe(signature);
    }

    [Fact]
    public void ScanJson_DoesNotModifyTheTree()
    {
        var node = JsonNode.Parse($$"""{"prompt": "{{OpenAIKey}}"}""")!;

        IReadOnlyList<SecretFinding> findings = SecretGuard.ScanJson(node);

        findings.Single().Path.ShouldBe("prompt");
        node["prompt"]!.GetValue<string>().ShouldBe(OpenAIKey);
    }

    [Fact]
    public void RedactJson_StringRoot_Throws()
    {
        Should.Throw<ArgumentException>(() => SecretGuard.RedactJson(JsonValue.Create("text")));
    }

    [Fact]
    public void Resolve_KeyOverridesProjectOverridesGlobal()
    {
        var options = new SecretGuardOptions { Mode = SecretGuardMode.Redact, DisabledDetectors = ["high_entropy"] };
        options.Projects["docs"] = new SecretGuardOverride { Mode = SecretGuardMode.Warn, AllowPatterns = ["^ghp_"] };
        options.Keys["ci-key"] = new SecretGuardOverride { Mode = SecretGuardMode.Block };
        var guard = new SecretGuard(options);

        SecretGuardPolicy global = guard.Resolve();
        SecretGuardPolicy project = guard.Resolve("DOCS", "other-key");
        SecretGuardPolicy key = guard.Resolve("docs", "ci-key");

        (global.Mode, global.ModeSource).ShouldBe((SecretGuardMode.Redact, "default"));
        (project.Mode, project.ModeSource).ShouldBe((SecretGuardMode.Warn, "project 'DOCS'"));
        (key.Mode, key.ModeSource).ShouldBe((SecretGuardMode.Block, "key 'ci-key'"));
        global.Scanner.IsEnabled(SecretKind.HighEntropy).ShouldBeFalse();
        key.Scanner.IsEnabled(SecretKind.HighEntropy).ShouldBeFalse();
        guard.Apply(GitHubToken, global).Findings.Count.ShouldBe(1);
        guard.Apply(GitHubToken, project).Findings.ShouldBeEmpty();
        guard.Apply(GitHubToken, key).Findings.ShouldBeEmpty(); // allow patterns add up: the project's applies under the key
        guard.Resolve("unknown", "unknown").ShouldBeSameAs(global);
        guard.Resolve("docs", "ci-key").ShouldBeSameAs(key);
    }

    [Fact]
    public void Resolve_ProjectNotBound_OnlyTightens_FieldByField()
    {
        var options = new SecretGuardOptions { Mode = SecretGuardMode.Redact, DisabledDetectors = ["high_entropy"] };
        options.Projects["docs"] = new SecretGuardOverride { Mode = SecretGuardMode.Off, AllowPatterns = ["^ghp_"], DisabledDetectors = ["github_token"] };
        options.Projects["strict"] = new SecretGuardOverride { Mode = SecretGuardMode.Block, DisabledDetectors = [], EntropyThreshold = 3.0 };
        options.Keys["warn-key"] = new SecretGuardOverride { Mode = SecretGuardMode.Warn };
        var guard = new SecretGuard(options);

        SecretGuardPolicy claimedDocs = guard.Resolve("docs", null, projectBound: false);
        SecretGuardPolicy boundDocs = guard.Resolve("docs", null, projectBound: true);
        SecretGuardPolicy claimedStrict = guard.Resolve("STRICT", null, projectBound: false);
        SecretGuardPolicy claimedDocsUnderKey = guard.Resolve("docs", "warn-key", projectBound: false);

        (claimedDocs.Mode, claimedDocs.ModeSource).ShouldBe((SecretGuardMode.Redact, "default"));
        guard.Apply(GitHubToken, claimedDocs).Findings.Count.ShouldBe(1); // neither its allow pattern nor its disabled detector applies
        boundDocs.Mode.ShouldBe(SecretGuardMode.Off);
        (claimedStrict.Mode, claimedStrict.ModeSource).ShouldBe((SecretGuardMode.Block, "project 'STRICT' (stricter)"));
        claimedStrict.Scanner.IsEnabled(SecretKind.HighEntropy).ShouldBeTrue(); // it adds a detector
        (claimedDocsUnderKey.Mode, claimedDocsUnderKey.ModeSource).ShouldBe((SecretGuardMode.Warn, "key 'warn-key'"));
        guard.Resolve("docs", null, projectBound: false).ShouldBeSameAs(claimedDocs);
    }

    [Fact]
    public void AttributionGuard_RedactsCredentialsInEveryValue_ButNotHashedIds()
    {
        string hashed = new string('a', 8) + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        var tags = new List<string> { "ci", "t-" + GitHubToken };
        var metadata = new Dictionary<string, string> { ["note"] = GitHubToken };
        var who = new Purser.Pipeline.Attribution
        {
            User = GitHubToken,
            Project = "p " + GitHubToken,
            Agent = "agent-1",
            Repository = hashed,
            Tags = tags,
            Metadata = metadata,
        };

        AttributionGuard.Redact(who, SecretScanner.Default);

        who.User.ShouldBe("[REDACTED:github_token]");
        who.Project.ShouldBe("p [REDACTED:github_token]");
        who.Agent.ShouldBe("agent-1");
        who.Repository.ShouldBe(hashed);
        who.Tags.ShouldBe(["ci", "t-[REDACTED:github_token]"]);
        who.Metadata!["note"].ShouldBe("[REDACTED:github_token]");
        tags[1].ShouldContain(GitHubToken); // the shared list is replaced, not changed
        metadata["note"].ShouldBe(GitHubToken);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingEveryBadKey()
    {
        var options = new SecretGuardOptions { Detectors = ["openai_api_key", "aws_keys"], EntropyThreshold = 12 };
        options.Projects["web"] = new SecretGuardOverride { AllowPatterns = ["(unclosed"] };

        ArgumentException e = Should.Throw<ArgumentException>(() => new SecretGuard(options));

        e.Message.ShouldContain("Purser:Guard:Secrets:Detectors:1: unknown detector 'aws_keys'");
        e.Message.ShouldContain("Purser:Guard:Secrets:EntropyThreshold");
        e.Message.ShouldContain("Purser:Guard:Secrets:Projects:web:AllowPatterns:0");
    }

    private static string Body(int seed, int length)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(seed);
        return string.Concat(Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)]));
    }
}
