using System.Text;
using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Errors;
using Purser.Providers.Http;
using Purser.Streaming;
using Purser.Usage;

namespace Purser.Providers.Simulated;

/// <summary>
/// The built-in provider for demos, tests and load benchmarks: deterministic replies derived from the prompt,
/// token counts from Purser's own counter, configurable latency and injected failures (by rate or status).
/// A request with tools and a required or named tool choice gets a tool call back; a request in JSON mode gets one JSON
/// object, shaped like the example in its system prompt when there is one (see <see cref="SimulatedJsonAnswer"/>). An
/// embeddings call gets deterministic unit vectors (<see cref="SimulatedEmbeddings"/>).
/// </summary>
internal sealed class SimulatedProvider : IChatProvider
{
    private static readonly string[] Words =
    [
        "the", "gateway", "counts", "every", "token", "and", "prices", "each", "call", "before", "it", "records", "a", "row",
        "budgets", "hold", "under", "load", "while", "routes", "pick", "cheaper", "models", "that", "fit", "task", "cache", "answers",
        "repeat", "questions", "for", "free", "so", "teams", "see", "where", "money", "goes",
    ];

    private readonly SimulatedProviderOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<string, long> _countTokens;
    private readonly Random _random;
    private readonly Lock _randomLock = new();

    public SimulatedProvider(string name, ProviderOptions options, TimeProvider time, Func<string, long> countTokens)
    {
        Name = name;
        _options = options.Simulated;
        _time = time;
        _countTokens = countTokens;
        _random = new Random(_options.Seed);
    }

    public string Name { get; }

    public WireProtocol Protocol => WireProtocol.Simulated;

    /// <summary>Calls seen, for tests and benchmarks.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    private long _calls;

    public async ValueTask<ProviderResponse> CompleteAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (_options.LatencyMs > 0)
        {
            if (!await DelayAsync(_options.LatencyMs, request.Timeout, cancellationToken))
            {
                return ProviderResponse.Fail(UpstreamErrors.Timeout(Name, request.Timeout));
            }
        }

        if (InjectedFailure() is { } failure)
        {
            return ProviderResponse.Fail(failure);
        }

        return new ProviderResponse { Response = request.Request.Embedding is { } embedding ? Embed(request, embedding) : Answer(request), Protocol = WireProtocol.Simulated };
    }

    public async ValueTask<ProviderStreamResponse> StreamAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (_options.LatencyMs > 0 && !await DelayAsync(_options.LatencyMs, request.Timeout, cancellationToken))
        {
            return ProviderStreamResponse.Fail(UpstreamErrors.Timeout(Name, request.Timeout));
        }

        if (InjectedFailure() is { } failure)
        {
            return ProviderStreamResponse.Fail(failure);
        }

        return new ProviderStreamResponse { Chunks = StreamAnswer(Answer(request), cancellationToken) };
    }

    private async IAsyncEnumerable<StreamChunk> StreamAnswer(ChatResponse answer, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return Chunk(new StreamStartEvent(answer.Id, answer.Model));
        int toolIndex = 0;
        foreach (ContentPart part in answer.Content)
        {
            switch (part)
            {
                case TextPart text:
                    string[] pieces = text.Text.Split(' ');
                    for (int i = 0; i < pieces.Length; i++)
                    {
                        if (_options.ChunkDelayMs > 0)
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds(_options.ChunkDelayMs), _time, cancellationToken);
                        }

                        yield return Chunk(new TextDeltaEvent(i == 0 ? pieces[i] : " " + pieces[i]));
                    }

                    break;
                case ToolCallPart call:
                    yield return Chunk(new ToolCallStartEvent(toolIndex, call.Id, call.Name));
                    yield return Chunk(new ToolCallDeltaEvent(toolIndex, call.Arguments));
                    toolIndex++;
                    break;
            }
        }

        yield return Chunk(new FinishEvent(answer.FinishReason));
        yield return Chunk(new UsageEvent(answer.Usage));
    }

    private static StreamChunk Chunk(StreamEvent e) => new(WireProtocol.Simulated, ReadOnlyMemory<byte>.Empty, [e]);

    /// <summary>An embeddings answer: a deterministic unit vector per input, billed the input's tokens (token ids count one each).</summary>
    private ChatResponse Embed(ProviderRequest request, Embeddings.EmbeddingRequest embedding)
    {
        string model = request.Deployment.Model;
        int dimensions = SimulatedEmbeddings.DimensionsFor(model, embedding.Dimensions);
        long input = embedding.Inputs.Sum(i => i.Tokens?.Length ?? _countTokens(i.Text ?? ""));
        return new ChatResponse
        {
            Id = "sim-embedding",
            Model = model,
            Created = _time.GetUtcNow().ToUnixTimeSeconds(),
            Embeddings = embedding.Inputs.ConvertAll(i => SimulatedEmbeddings.Vector(model, i, dimensions)),
            Usage = new TokenUsage(input, 0),
        };
    }

    private ChatResponse Answer(ProviderRequest request)
    {
        ChatRequest chat = request.Request;
        long input = _countTokens(string.Join("\n", chat.System.Select(s => s.Text))) + chat.Messages.Sum(m => _countTokens(m.Text) + 4) + 3;
        string prompt = chat.LatestUserText();
        var response = new ChatResponse
        {
            Id = "sim-" + Convert.ToHexStringLower(BitConverter.GetBytes(StableHash(prompt))),
            Model = request.Deployment.Model,
            Created = _time.GetUtcNow().ToUnixTimeSeconds(),
        };

        ToolDefinition? tool = chat.Tools is { Count: > 0 } tools && chat.ToolChoice is { Kind: ToolChoiceKind.Required or ToolChoiceKind.Specific } choice
            && !chat.Messages.Any(m => m.Role == ChatRole.Tool)
            ? (choice.Kind == ToolChoiceKind.Specific ? tools.FirstOrDefault(t => t.Name == choice.Name) : tools[0])
            : null;
        if (tool is not null)
        {
            const string args = "{}";
            response.Content.Add(new ToolCallPart("call_" + response.Id[4..], tool.Name, args));
            response.FinishReason = FinishReason.ToolCalls;
            response.Usage = new TokenUsage(input, _countTokens(tool.Name) + _countTokens(args) + 3);
            return response;
        }

        int budget = Math.Min(_options.ReplyTokens, chat.MaxTokens ?? int.MaxValue);
        bool json = chat.ResponseFormat is { Kind: ResponseFormatKind.JsonObject or ResponseFormatKind.JsonSchema } && _options.Reply is null;
        string text = _options.Reply ?? (json ? SimulatedJsonAnswer.Compose(string.Join("\n", chat.System.Select(s => s.Text)), prompt, Phrase) : Compose(prompt, budget));
        long output = _countTokens(text);
        if (output > budget && _options.Reply is null && !json)
        {
            output = budget;
        }

        response.Content.Add(new TextPart(text));
        response.FinishReason = chat.MaxTokens is int max && max < _options.ReplyTokens ? FinishReason.Length : FinishReason.Stop;
        response.Usage = new TokenUsage(input, output);
        return response;
    }

    private string Compose(string prompt, int tokens)
    {
        var sb = new StringBuilder("Simulated answer");
        ulong hash = StableHash(prompt);
        while (_countTokens(sb.ToString()) < tokens)
        {
            hash = (hash * 6364136223846793005UL) + 1442695040888963407UL;
            sb.Append(' ').Append(Words[(int)((hash >> 33) % (ulong)Words.Length)]);
        }

        return sb.ToString();
    }

    /// <summary>A short deterministic phrase for a JSON answer's text fields.</summary>
    private static string Phrase(ulong seed)
    {
        var sb = new StringBuilder("Simulated");
        ulong hash = seed;
        int count = 5 + (int)(seed % 6);
        for (int i = 0; i < count; i++)
        {
            hash = (hash * 6364136223846793005UL) + 1442695040888963407UL;
            sb.Append(' ').Append(Words[(int)((hash >> 33) % (ulong)Words.Length)]);
        }

        return sb.Append('.').ToString();
    }

    private PurserError? InjectedFailure()
    {
        if (_options.FailureRate <= 0)
        {
            return null;
        }

        double draw;
        lock (_randomLock)
        {
            draw = _random.NextDouble();
        }

        if (draw >= _options.FailureRate)
        {
            return null;
        }

        int status = _options.FailureStatus;
        return UpstreamErrors.FromStatus(Name, status, "simulated failure", status == 429 ? TimeSpan.FromSeconds(1) : null);
    }

    private async ValueTask<bool> DelayAsync(int milliseconds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(milliseconds);
        if (delay > timeout)
        {
            await Task.Delay(timeout, _time, cancellationToken);
            return false;
        }

        await Task.Delay(delay, _time, cancellationToken);
        return true;
    }

    /// <summary>FNV-1a: stable across processes, unlike string.GetHashCode.</summary>
    private static ulong StableHash(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
