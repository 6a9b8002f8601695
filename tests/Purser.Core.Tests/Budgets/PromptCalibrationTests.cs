using Purser.Budgets;

namespace Purser.Core.Tests.Budgets;

public sealed class PromptCalibrationTests
{
    [Fact]
    public void Adjust_NothingObserved_ReturnsTheCount()
    {
        new PromptCalibration().Adjust("openai/gpt-4o", 120).ShouldBe(120);
    }

    [Fact]
    public void Observe_SmallPromptBilledMore_AddsTheOverheadToEveryLaterPrompt()
    {
        var calibration = new PromptCalibration();

        calibration.Observe("up/m", counted: 9, reported: 200);

        calibration.Adjust("up/m", 9).ShouldBe(200);
        calibration.Adjust("up/m", 50).ShouldBe(241);
        calibration.Adjust("other/m", 50).ShouldBe(50); // per deployment
    }

    [Fact]
    public void Observe_LargePromptBilledMore_AddsTheSameShareToLaterPrompts()
    {
        var calibration = new PromptCalibration();

        calibration.Observe("anthropic/claude", counted: 2000, reported: 2400);

        calibration.Adjust("anthropic/claude", 5000).ShouldBe(6000);
        calibration.Adjust("anthropic/claude", 10).ShouldBe(12);
    }

    [Fact]
    public void Observe_BothKinds_TheLargerMarginApplies()
    {
        var calibration = new PromptCalibration();

        calibration.Observe("p/m", counted: 10, reported: 110);      // +100 tokens
        calibration.Observe("p/m", counted: 4000, reported: 4400);   // +10 %

        calibration.Adjust("p/m", 500).ShouldBe(600);   // 100 > 50
        calibration.Adjust("p/m", 3000).ShouldBe(3300); // 300 > 100
    }

    [Fact]
    public void Observe_BilledLessOrAlreadyCovered_ChangesNothing()
    {
        var calibration = new PromptCalibration();

        calibration.Observe("p/m", counted: 100, reported: 90);
        calibration.Adjust("p/m", 100).ShouldBe(100);

        calibration.Observe("p/m", counted: 10, reported: 60);
        calibration.Observe("p/m", counted: 10, reported: 40); // smaller excess: the margin only grows
        calibration.Adjust("p/m", 10).ShouldBe(60);
    }
}
