using Purser.Chat;
using Purser.Core.Tests.Dispatch;
using Purser.Dispatch;
using Purser.Embeddings;
using Purser.Pipeline;
using Purser.Routing;

namespace Purser.Core.Tests.Embeddings;

public sealed class EmbeddingStageTests
{
    private static readonly Deployment Claude = new("claude", "claude-sonnet-4-5");
    private static readonly Deployment Small = new("oai", "text-embedding-3-small");

    private static readonly EmbeddingStage Stage = new(new ProviderRegistry(
    [
        new FakeChatProvider("claude", TimeProvider.System, WireProtocol.AnthropicMessages),
        new FakeChatProvider("oai", TimeProvider.System),
        new FakeChatProvider("gem", TimeProvider.System, WireProtocol.Gemini),
    ]));

    private static PurserContext Context(bool embedding, params Deployment[] route)
    {
        var request = new ChatRequest { Model = "m" };
        if (embedding)
        {
            request.Embedding = new EmbeddingRequest();
            request.Embedding.Inputs.Add(EmbeddingInput.FromText("x"));
        }

        return new PurserContext(request, "req_1", DateTimeOffset.UnixEpoch, 0) { Route = new RouteDecision(route, "m", "test") };
    }

    [Fact]
    public async Task InvokeAsync_OnlyAnthropic_IsA400NamingTheReason()
    {
        PurserContext context = Context(embedding: true, Claude);

        await Stage.InvokeAsync(context, CancellationToken.None);

        context.Error.ShouldNotBeNull();
        context.Error.StatusCode.ShouldBe(400);
        context.Error.Code.ShouldBe("embeddings_not_supported");
        context.Error.Message.ShouldContain("Anthropic API has no embeddings endpoint");
    }

    [Fact]
    public async Task InvokeAsync_MixedRoute_DropsTheAnthropicDeployment()
    {
        PurserContext context = Context(embedding: true, Claude, Small);

        await Stage.InvokeAsync(context, CancellationToken.None);

        context.Error.ShouldBeNull();
        context.Route!.Deployments.ShouldBe([Small]);
        context.Route.Reason.ShouldContain("without an embeddings API");
    }

    [Fact]
    public async Task InvokeAsync_Auto_IsA400AskingForAnEmbeddingModel()
    {
        PurserContext context = Context(embedding: true, Small);
        context.Request.Model = "auto";

        await Stage.InvokeAsync(context, CancellationToken.None);

        context.Error.ShouldNotBeNull();
        context.Error.Code.ShouldBe("embeddings_not_supported");
        context.Error.Message.ShouldContain("name an embedding model");
    }

    [Fact]
    public async Task InvokeAsync_AChatCall_IsLeftAlone()
    {
        PurserContext context = Context(embedding: false, Claude);

        await Stage.InvokeAsync(context, CancellationToken.None);

        context.Error.ShouldBeNull();
        context.Route!.Deployments.ShouldBe([Claude]);
    }
}
