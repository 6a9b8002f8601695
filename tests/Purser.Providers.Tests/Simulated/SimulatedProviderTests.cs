using Purser.Chat;
using Purser.Configuration;
using Purser.Dispatch;
using Purser.Errors;
using Purser.Providers.Simulated;
using Purser.Routing;
using Purser.Streaming;
using Purser.Tests;
using Purser.Tokens;
using Purser.Usage;

namespace Purser.Providers.Tests.Simulated;

public sealed class SimulatedProviderTests
{
    private static readonly Func<string, long> Count = text => BpeEncoding.O200kBase.CountTokens(text);

    [Fact]
    public async Task CompleteAsync_SamePrompt_SameAnswerWithTokenizerCounts()
    {
        SimulatedProvider provider = Create(new SimulatedProviderOptions { ReplyTokens = 20 });

        ProviderResponse first = await provider.CompleteAsync(Request("Explain budgets"), CancellationToken.None);
        ProviderResponse second = await provider.CompleteAsync(Request("Explain budgets"), CancellationToken.None);
        ProviderResponse other = await provider.CompleteAsync(Request("Explain caching"), CancellationToken.None);

        first.Response!.Text.ShouldBe(second.Response!.Text);
        first.Response.Text.ShouldNotBe(other.Response!.Text);
        first.Response.Usage.OutputTokens.ShouldBe(Count(first.Response.Text));
        first.Response.Usage.OutputTokens.ShouldBeInRange(20, 22);
        first.Response.Usage.InputTokens.ShouldBeGreaterThan(Count("Explain budgets"));
    }

    [Fact]
    public async Task StreamAsync_YieldsTheSameTextInPiecesAndUsageLast()
    {
        SimulatedProvider provider = Create(new SimulatedProviderOptions());
        string expected = (await provider.CompleteAsync(Request("stream me"), CancellationToken.None)).Response!.Text;

        ProviderStreamResponse stream = await provider.StreamAsync(Request("stream me"), CancellationToken.None);
        var accumulator = new StreamAccumulator();
        int deltas = 0;
        await foreach (StreamChunk chunk in stream.Chunks!)
        {
            foreach (StreamEvent e in chunk.Events)
            {
                accumulator.Add(e);
                deltas += e is TextDeltaEvent ? 1 : 0;
            }
        }

        accumulator.Text.ShouldBe(expected);
        deltas.ShouldBeGreaterThan(5);
        accumulator.Usage!.Value.OutputTokens.ShouldBe(Count(expected));
        accumulator.FinishReason.ShouldBe(FinishReason.Stop);
    }

    [Fact]
    public async Task FailureRate_One_FailsEveryCallWithTheConfiguredStatus()
    {
        SimulatedProvider provider = Create(new SimulatedProviderOptions { FailureRate = 1, FailureStatus = 429 });

        ProviderResponse response = await provider.CompleteAsync(Request("x"), CancellationToken.None);

        response.Error!.Kind.ShouldBe(ErrorKind.RateLimited);
        response.Error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task FailureRate_Half_IsRepeatableForASeed()
    {
        async Task<string> Pattern()
        {
            SimulatedProvider provider = Create(new SimulatedProviderOptions { FailureRate = 0.5, FailureStatus = 503, Seed = 11 });
            var sb = new System.Text.StringBuilder();
            for (int i = 0; i < 40; i++)
            {
                sb.Append((await provider.CompleteAsync(Request("x"), CancellationToken.None)).Error is null ? '.' : 'X');
            }

            return sb.ToString();
        }

        string first = await Pattern();
        (await Pattern()).ShouldBe(first);
        first.Count(c => c == 'X').ShouldBeInRange(10, 30);
    }

    [Fact]
    public async Task Latency_WaitsOnTheClockAndTimesOutBeyondTheAttemptLimit()
    {
        var clock = new ManualTimeProvider();
        SimulatedProvider provider = Create(new SimulatedProviderOptions { LatencyMs = 5000 }, clock);

        Task<ProviderResponse> call = provider.CompleteAsync(Request("slow", timeout: TimeSpan.FromSeconds(10)), CancellationToken.None).AsTask();
        while (clock.PendingTimers == 0)
        {
            await Task.Yield();
        }

        call.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(5));
        (await call).Response.ShouldNotBeNull();

        Task<ProviderResponse> timedOut = provider.CompleteAsync(Request("slow", timeout: TimeSpan.FromSeconds(2)), CancellationToken.None).AsTask();
        while (clock.PendingTimers == 0)
        {
            await Task.Yield();
        }

        clock.Advance(TimeSpan.FromSeconds(2));
        (await timedOut).Error!.Kind.ShouldBe(ErrorKind.Timeout);
    }

    [Fact]
    public async Task RequiredToolChoice_AnswersWithAToolCall()
    {
        SimulatedProvider provider = Create(new SimulatedProviderOptions());
        ProviderRequest request = Request("weather");
        request.Request.Tools = [new ToolDefinition("get_weather", null, null)];
        request.Request.ToolChoice = ToolChoice.Required;

        ChatResponse response = (await provider.CompleteAsync(request, CancellationToken.None)).Response!;

        response.FinishReason.ShouldBe(FinishReason.ToolCalls);
        response.Content.OfType<ToolCallPart>().Single().Name.ShouldBe("get_weather");
    }

    [Fact]
    public async Task MaxTokensBelowTheReply_StopsForLength()
    {
        SimulatedProvider provider = Create(new SimulatedProviderOptions { ReplyTokens = 50 });
        ProviderRequest request = Request("long");
        request.Request.MaxTokens = 5;

        ChatResponse response = (await provider.CompleteAsync(request, CancellationToken.None)).Response!;

        response.FinishReason.ShouldBe(FinishReason.Length);
        response.Usage.OutputTokens.ShouldBeLessThanOrEqualTo(6);
    }

    [Fact]
    public async Task Embedding_GivesDeterministicUnitVectorsPerInput_AndBillsTheInputTokens()
    {
        SimulatedProvider provider = Create(new SimulatedProviderOptions());
        var embedding = new Purser.Embeddings.EmbeddingRequest { Dimensions = 32 };
        embedding.Inputs.Add(Purser.Embeddings.EmbeddingInput.FromText("alpha beta"));
        embedding.Inputs.Add(Purser.Embeddings.EmbeddingInput.FromTokens([1, 2, 3]));
        embedding.Inputs.Add(Purser.Embeddings.EmbeddingInput.FromText("alpha beta"));
        var request = new ProviderRequest(new ChatRequest { Model = "sim/e", Embedding = embedding }, new Deployment("sim", "e"), TimeSpan.FromSeconds(30));

        ChatResponse response = (await provider.CompleteAsync(request, CancellationToken.None)).Response!;

        response.Embeddings!.Count.ShouldBe(3);
        response.Embeddings.ShouldAllBe(v => v.Length == 32);
        response.Embeddings[2].ShouldBe(response.Embeddings[0]);
        response.Embeddings[1].ShouldNotBe(response.Embeddings[0]);
        Math.Sqrt(response.Embeddings[0].Sum(v => (double)v * v)).ShouldBe(1.0, 1e-5);
        response.Usage.ShouldBe(new TokenUsage((2 * Count("alpha beta")) + 3, 0));
        (await provider.CompleteAsync(request, CancellationToken.None)).Response!.Embeddings![0].ShouldBe(response.Embeddings[0]);
    }

    [Theory]
    [InlineData("text-embedding-3-small", 1536)]
    [InlineData("text-embedding-3-large", 3072)]
    [InlineData("gemini-embedding-001", 3072)]
    [InlineData("text-embedding-004", 768)]
    [InlineData("my-embedder", 1536)]
    public async Task Embedding_WithoutDimensions_HasTheModelsLength(string model, int length)
    {
        SimulatedProvider provider = Create(new SimulatedProviderOptions());
        var embedding = new Purser.Embeddings.EmbeddingRequest();
        embedding.Inputs.Add(Purser.Embeddings.EmbeddingInput.FromText("x"));
        var request = new ProviderRequest(new ChatRequest { Model = model, Embedding = embedding }, new Deployment("sim", model), TimeSpan.FromSeconds(30));

        (await provider.CompleteAsync(request, CancellationToken.None)).Response!.Embeddings!.Single().Length.ShouldBe(length);
    }

    private static SimulatedProvider Create(SimulatedProviderOptions simulated, TimeProvider? time = null) =>
        new("sim", new ProviderOptions { Kind = "simulated", Simulated = simulated }, time ?? TimeProvider.System, Count);

    private static ProviderRequest Request(string prompt, TimeSpan? timeout = null)
    {
        var chat = new ChatRequest { Model = "sim/m" };
        chat.Messages.Add(ChatMessage.FromText(ChatRole.User, prompt));
        return new ProviderRequest(chat, new Deployment("sim", "m"), timeout ?? TimeSpan.FromSeconds(30));
    }
}
