using Purser.Budgets;
using Purser.Chat;
using Purser.Configuration;
using Purser.Pipeline;

namespace Purser.Core.Tests.Budgets;

/// <summary>
/// A call under a hard budget shared across instances whose caller goes away while the database is being asked gives
/// its local reservation back at once: it does not hold the budget's room until the lease expires.
/// </summary>
public sealed class SharedReserveCancelledTests
{
    [Fact]
    public async Task Call_CancelledWhileTheSharedCountersAreAsked_ReleasesItsLocalReservationAtOnce()
    {
        var store = new StallingSharedStore();
        var p = new BudgetPipeline(shared: tracker => new SharedBudgets(store, tracker));
        p.Budget("daily", new BudgetItemOptions { Limit = 5m });
        var request = new ChatRequest { Model = "openai/gpt-4o-mini", MaxTokens = 100 };
        request.Messages.Add(new ChatMessage(ChatRole.User, [new TextPart("hello there")]));
        PurserContext context = p.Pipeline.CreateContext(request);
        context.Attribution = new Attribution();
        using var cancel = new CancellationTokenSource();

        Task call = p.Pipeline.ExecuteAsync(context, cancel.Token).AsTask();
        await store.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        p.Tracker.ActiveReservations.ShouldBe(1);
        await cancel.CancelAsync();

        await call.WaitAsync(TimeSpan.FromSeconds(30));
        context.Error!.StatusCode.ShouldBe(499);
        p.Tracker.ActiveReservations.ShouldBe(0);
        p.Dispatcher.Calls.ShouldBeEmpty();
    }

    /// <summary>A database that knows the counters but never answers a reservation until the caller cancels.</summary>
    private sealed class StallingSharedStore : ISharedBudgetStore
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<SharedCounterState> EnsureCounterAsync(BudgetDefinition definition, string value, BudgetPeriod period, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new SharedCounterState(1, 0, 0, 0));

        public async ValueTask<SharedReserveOutcome> ReserveAsync(Guid reservation, IReadOnlyList<long> counters, IReadOnlyList<long> limits, IReadOnlyList<long> amounts, IReadOnlyList<bool> hard, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public ValueTask ReleaseAsync(Guid reservation, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<IReadOnlyList<SharedCounterState>> ReadAsync(IReadOnlyList<long> counters, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<SharedCounterState>>([.. counters.Select(c => new SharedCounterState(c, 0, 0, 0))]);
    }
}
