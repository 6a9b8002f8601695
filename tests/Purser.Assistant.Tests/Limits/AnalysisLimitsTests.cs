using Purser.Assistant.Hosting;
using Purser.Assistant.Languages;
using Purser.Assistant.Limits;

namespace Purser.Assistant.Tests.Limits;

public sealed class AnalysisLimitsTests
{
    [Fact]
    public void CheckSize_DefaultIs50KB()
    {
        var limits = new AnalysisLimits(new AssistantOptions());

        limits.CheckSize(50 * 1024, "x").ShouldBeNull();
        LimitViolation violation = limits.CheckSize((50 * 1024) + 1, "The file a.py")!;
        violation.StatusCode.ShouldBe(413);
        violation.Message.ShouldContain("The file a.py is 51,201 bytes, over the limit of 51,200 bytes (50 KB");
        violation.Message.ShouldContain("Purser:Assistant:MaxCodeBytes");
    }

    [Fact]
    public void CheckLanguage_NoAllowList_AcceptsKnownAndUnnamedButNotUnknownNames()
    {
        var limits = new AnalysisLimits(new AssistantOptions());

        limits.CheckLanguage("C#", out Language? language).ShouldBeNull();
        language!.Id.ShouldBe("csharp");
        limits.CheckLanguage(null, out _).ShouldBeNull();
        LimitViolation unknown = limits.CheckLanguage("klingon", out _)!;
        unknown.StatusCode.ShouldBe(400);
        unknown.Code.ShouldBe("unknown_language");
    }

    [Fact]
    public void CheckLanguage_AllowList_RefusesOthersNamingTheSetting()
    {
        var limits = new AnalysisLimits(new AssistantOptions { AllowedLanguages = ["python", "TypeScript"] });

        limits.CheckLanguage("py", out _).ShouldBeNull();
        limits.CheckLanguage("ts", out _).ShouldBeNull();
        LimitViolation refused = limits.CheckLanguage("java", out _)!;
        refused.StatusCode.ShouldBe(400);
        refused.Message.ShouldContain("Purser:Assistant:AllowedLanguages");
        refused.Message.ShouldContain("python, typescript");
        limits.CheckLanguage(null, out _)!.Code.ShouldBe("language_not_allowed");
    }

    [Fact]
    public void Validator_NamesEveryBadKey()
    {
        var options = new AssistantOptions { MaxCodeBytes = 0, AllowedLanguages = ["klingon"] };
        options.Review.LargeDiffPolicy = "shred";
        options.Batch.Concurrency = 0;
        options.Sarif.InformationUri = "not a url";

        IReadOnlyList<string> errors = AssistantOptionsValidator.Validate(options);

        errors.ShouldContain(e => e.StartsWith("Purser:Assistant:MaxCodeBytes"));
        errors.ShouldContain(e => e.StartsWith("Purser:Assistant:AllowedLanguages:0 'klingon'"));
        errors.ShouldContain(e => e.StartsWith("Purser:Assistant:Review:LargeDiffPolicy"));
        errors.ShouldContain(e => e.StartsWith("Purser:Assistant:Batch:Concurrency"));
        errors.ShouldContain(e => e.StartsWith("Purser:Assistant:Sarif:InformationUri"));
        AssistantOptionsValidator.Validate(new AssistantOptions()).ShouldBeEmpty();
    }
}
