using Purser.Routing;

namespace Purser.Core.Tests.Routing;

public sealed class RouteDecisionTests
{
    [Fact]
    public void ReplaceAndNarrow_KeepTheCascadesPromptAdditionAliasAndTier()
    {
        var route = new RouteDecision([new Deployment("a", "x"), new Deployment("b", "y")], "alias:smart", "alias smart")
        {
            Alias = "smart",
            Tier = "smart",
            PromptAddition = "Answer in French.",
        };

        route.Narrow([new Deployment("b", "y")], "limited to the key's allowed models");
        route.Replace([new Deployment("c", "z")], "tier:cheap", "budget below 40%");

        route.Deployments.ShouldBe([new Deployment("c", "z")]);
        route.Rule.ShouldBe("alias:smart>tier:cheap");
        route.Reason.ShouldBe("alias smart; limited to the key's allowed models; budget below 40%");
        route.PromptAddition.ShouldBe("Answer in French.");
        route.Alias.ShouldBe("smart");
    }
}
