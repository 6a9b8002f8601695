using Microsoft.Extensions.Configuration;
using Purser.Guards;

namespace Purser.Core.Tests.Guards;

public sealed class SecretGuardOptionsTests
{
    [Fact]
    public void Bind_FromConfiguration_ReadsEveryKey()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Purser:Guard:Secrets:Mode"] = "block",
            ["Purser:Guard:Secrets:DisabledDetectors:0"] = "high_entropy",
            ["Purser:Guard:Secrets:EntropyThreshold"] = "4.2",
            ["Purser:Guard:Secrets:EntropyMinLength"] = "32",
            ["Purser:Guard:Secrets:AllowPatterns:0"] = "^sk_test_",
            ["Purser:Guard:Secrets:Projects:docs-site:Mode"] = "warn",
            ["Purser:Guard:Secrets:Keys:key_ci:Detectors:0"] = "private_key",
        }).Build();

        SecretGuardOptions options = config.GetSection(SecretGuardOptions.SectionName).Get<SecretGuardOptions>()!;

        options.Validate().ShouldBeEmpty();
        options.Mode.ShouldBe(SecretGuardMode.Block);
        options.DisabledDetectors.ShouldBe(["high_entropy"]);
        options.EntropyThreshold.ShouldBe(4.2);
        options.EntropyMinLength.ShouldBe(32);
        options.AllowPatterns.ShouldBe(["^sk_test_"]);
        options.Resolve("DOCS-SITE", null).Mode.ShouldBe(SecretGuardMode.Warn);
        options.Resolve(null, "key_ci").Scanner.Kinds.ShouldBe([SecretKind.PrivateKey]);
    }

    [Fact]
    public void Defaults_RedactWithEveryDetector()
    {
        var options = new SecretGuardOptions();

        SecretGuardPolicy policy = options.Resolve(null, null);

        policy.Mode.ShouldBe(SecretGuardMode.Redact);
        policy.Scanner.Kinds.ShouldBe(SecretKinds.All);
        options.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Validate_OverrideWithBadValues_NamesTheOverrideKey()
    {
        var options = new SecretGuardOptions();
        options.Keys["k1"] = new SecretGuardOverride { DisabledDetectors = ["nope"], EntropyMinLength = 4 };

        IReadOnlyList<string> errors = options.Validate();

        errors.Count.ShouldBe(2);
        errors[0].ShouldStartWith("Purser:Guard:Secrets:Keys:k1:DisabledDetectors:0");
        errors[1].ShouldStartWith("Purser:Guard:Secrets:Keys:k1:EntropyMinLength");
    }
}
