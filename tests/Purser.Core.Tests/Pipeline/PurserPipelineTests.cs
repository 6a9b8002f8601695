using Microsoft.Extensions.Time.Testing;
using Purser.Chat;
using Purser.Errors;
using Purser.Pipeline;

using Purser.Tests;

namespace Purser.Core.Tests.Pipeline;

public sealed class PurserPipelineTests
{
    [Fact]
    public async Task ExecuteAsync_StageThrows_TheCallIsStillCompletedAsAFailure_AndTheFaultGoesOn()
    {
        var completed = new List<PurserContext>();
        var pipeline = new PurserPipeline(
            [new Stage(_ => throw new InvalidOperationException("a bug in a stage"))],
            new NoDispatch(),
            [new Completion(completed.Add)],
            new FakeTimeProvider());
        PurserContext context = pipeline.CreateContext(new ChatRequest { Model = "m" });

        await Should.ThrowAsync<InvalidOperationException>(async () => await pipeline.ExecuteAsync(context, CancellationToken.None));

        completed.ShouldHaveSingleItem().ShouldBeSameAs(context);
        context.IsCompleted.ShouldBeTrue();
        context.Error!.Kind.ShouldBe(ErrorKind.Internal);
    }

    private sealed class Stage(Action<PurserContext> run) : IRequestStage
    {
        public int Order => 100;

        public ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
        {
            run(context);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Completion(Action<PurserContext> run) : ICompletionStage
    {
        public int Order => 100;

        public ValueTask CompleteAsync(PurserContext context, CancellationToken cancellationToken)
        {
            run(context);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class NoDispatch : IDispatcher
    {
        public ValueTask DispatchAsync(PurserContext context, PurserPipeline pipeline, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not reached");
    }
}
