using Purser.Resilience;

namespace Purser.Core.Tests.Resilience;

public sealed class HealthWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Read_CountsOnlyTheWindow()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(10));
        window.Record(Start, failed: true);
        window.Record(Start + TimeSpan.FromSeconds(5), failed: false);
        window.Record(Start + TimeSpan.FromSeconds(9), failed: true);

        window.Read(Start + TimeSpan.FromSeconds(9.5)).ShouldBe((3, 2));
        window.Read(Start + TimeSpan.FromSeconds(12)).ShouldBe((2, 1)); // the first has slid out
        window.Read(Start + TimeSpan.FromSeconds(30)).ShouldBe((0, 0));
    }

    [Fact]
    public void Record_ReusedBucket_StartsAfresh()
    {
        var window = new HealthWindow(TimeSpan.FromSeconds(1));
        window.Record(Start, failed: true);
        window.Record(Start + TimeSpan.FromSeconds(1), failed: false); // same slot, next lap

        window.Read(Start + TimeSpan.FromSeconds(1)).ShouldBe((1, 0));
    }
}
