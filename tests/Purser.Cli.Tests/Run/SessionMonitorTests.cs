using Purser.Cli.Run;
using Purser.Sessions;

namespace Purser.Cli.Tests.Run;

public sealed class SessionMonitorTests
{
    private const string Refusal = "Budget 'key-abc' (key abc, total) has no room for this call: spent $0.00 of $1.00, and this call could cost up to $2.0528; it never resets (a total budget).";

    [Fact]
    public void ACallLargerThanTheRoomLeft_IsSaidToBeTooLarge_WithItsWorstCaseAndTheRoomLeft_NotThatTheBudgetIsUsedUp()
    {
        var budget = new SessionBudget { LimitUsd = 1m, UsedUsd = 0m, LeftUsd = 1m, Exhausted = true, LastRefusal = Refusal };

        string message = SessionMonitor.Message(budget);

        message.ShouldContain("too large for what is left of the session's budget ($0.00 of $1.00 used, $1.00 left)");
        message.ShouldContain("could cost up to $2.0528");
        message.ShouldNotContain("used up");
    }

    [Fact]
    public void ABudgetSpentToItsLimit_IsSaidToBeUsedUp()
    {
        var budget = new SessionBudget { LimitUsd = 1m, UsedUsd = 1m, LeftUsd = 0m, Exhausted = true, LastRefusal = Refusal };

        SessionMonitor.Message(budget).ShouldContain("the session's budget is used up ($1.00 of $1.00 used, $0.00 left)");
    }

    [Fact]
    public void ATokenBudgetSpentToItsLimit_IsUsedUp_EvenWithDollarsLeft()
    {
        var budget = new SessionBudget { LimitUsd = 1m, UsedUsd = 0.1m, LeftUsd = 0.9m, LimitTokens = 1000, UsedTokens = 1000, LeftTokens = 0, Exhausted = true, LastRefusal = Refusal };

        SessionMonitor.Message(budget).ShouldContain("used up");
    }
}
