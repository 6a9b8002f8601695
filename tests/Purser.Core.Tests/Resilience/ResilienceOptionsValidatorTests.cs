using Microsoft.Extensions.Configuration;
using Purser.Configuration;
using Purser.Resilience;

namespace Purser.Core.Tests.Resilience;

public sealed class ResilienceOptionsValidatorTests
{
    private static PurserOptions Load(Dictionary<string, string?> values)
    {
        values.TryAdd("Purser:Providers:openai:Kind", "openai");
        return PurserOptionsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), _ => null);
    }

    [Fact]
    public void Load_Defaults_AreTheDocumentedOnes()
    {
        ResilienceOptions r = Load([]).Resilience;

        r.AttemptTimeoutSeconds.ShouldBe(30);
        r.TotalDeadlineSeconds.ShouldBe(120);
        r.Retry.MaxAttempts.ShouldBe(3);
        r.Retry.BaseDelayMs.ShouldBe(1000);
        r.Retry.MaxDelaySeconds.ShouldBe(30);
        r.Retry.Jitter.ShouldBeTrue();
        r.CircuitBreaker.Enabled.ShouldBeTrue();
        r.CircuitBreaker.FailureRatio.ShouldBe(0.5);
    }

    [Fact]
    public void Load_InvalidValues_StopStartUpNamingEachKey()
    {
        var ex = Should.Throw<PurserConfigurationException>(() => Load(new()
        {
            ["Purser:Resilience:AttemptTimeoutSeconds"] = "0",
            ["Purser:Resilience:Retry:MaxAttempts"] = "0",
            ["Purser:Resilience:CircuitBreaker:FailureRatio"] = "1.5",
            ["Purser:Resilience:CircuitBreaker:MinimumThroughput"] = "1",
            ["Purser:Resilience:Providers:ghost:MaxAttempts"] = "2",
            ["Purser:Resilience:Providers:openai:BreakDurationSeconds"] = "0.1",
        }));

        ex.Errors.ShouldContain("Purser:Resilience:AttemptTimeoutSeconds must be more than 0 and at most 3600.");
        ex.Errors.ShouldContain("Purser:Resilience:Retry:MaxAttempts must be between 1 and 10.");
        ex.Errors.ShouldContain("Purser:Resilience:CircuitBreaker:FailureRatio must be more than 0 and at most 1.");
        ex.Errors.ShouldContain("Purser:Resilience:CircuitBreaker:MinimumThroughput must be at least 2.");
        ex.Errors.ShouldContain(e => e.StartsWith("Purser:Resilience:Providers:ghost: no provider named 'ghost'", StringComparison.Ordinal));
        ex.Errors.ShouldContain("Purser:Resilience:Providers:openai:BreakDurationSeconds must be between 0.5 and 86400.");
    }

    [Fact]
    public void Policy_ProviderOverridesAndTimeout_Apply()
    {
        PurserOptions options = Load(new()
        {
            ["Purser:Providers:openai:TimeoutSeconds"] = "12",
            ["Purser:Resilience:Providers:openai:MaxAttempts"] = "5",
            ["Purser:Resilience:Providers:openai:CircuitBreakerEnabled"] = "false",
        });

        DeploymentPolicy policy = DeploymentPolicy.For("openai", options);
        DeploymentPolicy other = DeploymentPolicy.For("simulated", options);

        policy.AttemptTimeout.ShouldBe(TimeSpan.FromSeconds(12));
        policy.MaxAttempts.ShouldBe(5);
        policy.BreakerEnabled.ShouldBeFalse();
        other.AttemptTimeout.ShouldBe(TimeSpan.FromSeconds(30));
        other.MaxAttempts.ShouldBe(3);
    }
}
