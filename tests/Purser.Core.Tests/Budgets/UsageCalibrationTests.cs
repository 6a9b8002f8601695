using Purser.Budgets;

namespace Purser.Core.Tests.Budgets;

public sealed class UsageCalibrationTests
{
    [Fact]
    public void AdjustPrompt_NothingObserved_ReturnsTheCount()
    {
        new UsageCalibration().AdjustPrompt("openai/gpt-4o", 120).ShouldBe(120);
    }

    [Fact]
    public void ObservePrompt_SmallPromptBilledMore_AddsTheOverheadToEveryLaterPrompt()
    {
        var calibration = new UsageCalibration();

        calibration.ObservePrompt("up/m", counted: 9, reported: 200);

        calibration.AdjustPrompt("up/m", 9).ShouldBe(200);
        calibration.AdjustPrompt("up/m", 50).ShouldBe(241);
        calibration.AdjustPrompt("other/m", 50).ShouldBe(50); // per deployment
    }

    [Fact]
    public void ObservePrompt_LargePromptBilledMore_AddsTheSameShareToLaterPrompts()
    {
        var calibration = new UsageCalibration();

        calibration.ObservePrompt("anthropic/claude", counted: 2000, reported: 2400);

        calibration.AdjustPrompt("anthropic/claude", 5000).ShouldBe(6000);
        calibration.AdjustPrompt("anthropic/claude", 10).ShouldBe(12);
    }

    [Fact]
    public void ObservePrompt_BothKinds_TheLargerMarginApplies()
    {
        var calibration = new UsageCalibration();

        calibration.ObservePrompt("p/m", counted: 10, reported: 110);      // +100 tokens
        calibration.ObservePrompt("p/m", counted: 4000, reported: 4400);   // +10 %

        calibration.AdjustPrompt("p/m", 500).ShouldBe(600);   // 100 > 50
        calibration.AdjustPrompt("p/m", 3000).ShouldBe(3300); // 300 > 100
    }

    [Fact]
    public void ObservePrompt_BilledLessOrAlreadyCovered_ChangesNothing()
    {
        var calibration = new UsageCalibration();

        calibration.ObservePrompt("p/m", counted: 100, reported: 90);
        calibration.AdjustPrompt("p/m", 100).ShouldBe(100);

        calibration.ObservePrompt("p/m", counted: 10, reported: 60);
        calibration.ObservePrompt("p/m", counted: 10, reported: 40); // smaller excess: the margin only grows
        calibration.AdjustPrompt("p/m", 10).ShouldBe(60);
    }

    [Fact]
    public void ObserveOutput_BilledPastTheMaxTokens_AddsTheExcessToLaterOutputs_AndLeavesPromptsAlone()
    {
        var calibration = new UsageCalibration();
        calibration.AdjustOutput("p/m", 5).ShouldBe(5);

        calibration.ObserveOutput("p/m", maxOutput: 5, reported: 20);
        calibration.ObserveOutput("p/m", maxOutput: 60, reported: 20); // within its max: teaches nothing

        calibration.AdjustOutput("p/m", 5).ShouldBe(20);
        calibration.AdjustOutput("p/m", 100).ShouldBe(115);
        calibration.AdjustPrompt("p/m", 10).ShouldBe(10);
    }
}
