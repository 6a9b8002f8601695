using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Purser.Chat;
using Purser.Guards;
using Purser.MicroBenchmarks.Tokens;

namespace Purser.MicroBenchmarks.Guards;

/// <summary>
/// What the secret guard costs on every request: one 16,000-character prompt of English prose and code (ASCII
/// only), the same size of the mixed corpus (French, German, Chinese, Russian and an emoji among the code), and a
/// whole request of twelve messages with its raw body guarded in redact mode. None holds a secret, so this is the
/// price every ordinary request pays.
/// </summary>
[MemoryDiagnoser]
public class SecretScanBenchmarks
{
    private const int PromptChars = 16_000;
    private string _ascii = null!;
    private string _mixed = null!;
    private SecretGuard _guard = null!;
    private ChatRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mixed = BenchmarkCorpus.Build(PromptChars);
        var ascii = new StringBuilder(PromptChars);
        foreach (char c in BenchmarkCorpus.Build(PromptChars * 2))
        {
            if (c < 128 && ascii.Length < PromptChars)
            {
                ascii.Append(c);
            }
        }

        _ascii = ascii.ToString();
        _guard = new SecretGuard(new SecretGuardOptions { Mode = SecretGuardMode.Redact });
        _request = Request(_mixed, messages: 12);
    }

    [Benchmark]
    public int ScanAscii() => SecretScanner.Default.Scan(_ascii).Count;

    [Benchmark]
    public int ScanMixed() => SecretScanner.Default.Scan(_mixed).Count;

    [Benchmark]
    public int GuardRequest() => _guard.Apply(_request).Findings.Count;

    // A chat of alternating user and assistant turns cut from the corpus, with the raw body a passthrough keeps.
    private static ChatRequest Request(string text, int messages)
    {
        const string System = "You are a careful assistant.";
        int size = text.Length / messages;
        var raw = new JsonArray { new JsonObject { ["role"] = "system", ["content"] = System } };
        var request = new ChatRequest { Model = "gpt-4o-mini", Raw = new JsonObject { ["model"] = "gpt-4o-mini", ["messages"] = raw } };
        request.System.Add(new TextPart(System));
        for (int i = 0; i < messages; i++)
        {
            ChatRole role = i % 2 == 0 ? ChatRole.User : ChatRole.Assistant;
            string content = text.Substring(i * size, size);
            request.Messages.Add(ChatMessage.FromText(role, content));
            raw.Add(new JsonObject { ["role"] = role == ChatRole.User ? "user" : "assistant", ["content"] = content });
        }

        return request;
    }
}
