using Purser.Balancing;

namespace Purser.Core.Tests.Balancing;

public sealed class WeightedRotationTests
{
    [Fact]
    public void Next_OverEachCycleOfTheWeightsSum_PicksEachTargetExactlyItsWeight()
    {
        var rotation = new WeightedRotation();
        (string, int)[] targets = [("a", 5), ("b", 3), ("c", 2)];
        for (int cycle = 0; cycle < 10; cycle++)
        {
            var picks = Enumerable.Range(0, 10).Select(_ => targets[rotation.Next("alias", targets)].Item1).ToList();
            picks.Count(p => p == "a").ShouldBe(5);
            picks.Count(p => p == "b").ShouldBe(3);
            picks.Count(p => p == "c").ShouldBe(2);
        }
    }

    [Fact]
    public void Next_InterleavesRatherThanPickingInBlocks()
    {
        var rotation = new WeightedRotation();
        (string, int)[] targets = [("a", 3), ("b", 1)];
        string picks = string.Concat(Enumerable.Range(0, 8).Select(_ => targets[rotation.Next("x", targets)].Item1));
        picks.ShouldBe("aabaaaba");
    }

    [Fact]
    public void Next_ATargetLeftOut_TheOthersShareItsTurns()
    {
        var rotation = new WeightedRotation();
        (string, int)[] only = [("a", 1), ("c", 1)];
        var picks = Enumerable.Range(0, 6).Select(_ => only[rotation.Next("y", only)].Item1).ToList();
        picks.Count(p => p == "a").ShouldBe(3);
        picks.Count(p => p == "c").ShouldBe(3);
    }
}
