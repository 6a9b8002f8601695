using Purser.Assistant.Analysis;
using Purser.Assistant.Calls;
using Purser.Assistant.Files;
using Purser.Assistant.Hosting;
using Purser.Assistant.Tests.TestSupport;
using Purser.Chat;

namespace Purser.Assistant.Tests.Analysis;

public sealed class FileAnalyzerTests
{
    private const string Answer = """{"overall": 55, "security": 30, "quality": 60, "complexity": 70, "maintainability": 60, "summary": "SQL from input.", "issues": [{"line": 2, "severity": "error", "category": "security", "message": "Injection."}], "suggestions": ["Parameters."]}""";
    private const string Code = "import sqlite3\ncur.execute(\"SELECT * FROM t WHERE a = '%s'\" % a)\n";

    [Fact]
    public async Task Analyze_SendsTheScoringPromptWithNumberedLinesThroughTheBackend()
    {
        using var fixture = new AssistantFixture();
        fixture.Backend.Answer = Answer;

        FileAnalysisOutcome outcome = await fixture.Analyzer.AnalyzeAsync(SourceFile.FromText("db/query.py", Code, null), new FileAnalysisRequest { Model = AssistantFixture.Model }, default);

        FileAnalysis analysis = outcome.Analysis!;
        analysis.Scores.Overall.ShouldBe(55);
        analysis.Language.ShouldBe("python");
        analysis.CostUsd.ShouldBe(0.001m);
        analysis.FromStore.ShouldBeFalse();
        analysis.InputTokens.ShouldBe(1000);
        var (request, spec) = fixture.Backend.Sent.Single();
        spec.Operation.ShouldBe("file_scoring");
        spec.Origin.ShouldBe("cli");
        request.Model.ShouldBe(AssistantFixture.Model);
        request.ResponseFormat!.Kind.ShouldBe(ResponseFormatKind.JsonObject);
        request.LatestUserText().ShouldContain("1| import sqlite3");
        request.LatestUserText().ShouldContain("Path: db/query.py");
        request.LatestUserText().ShouldContain("Language: Python");
    }

    [Fact]
    public async Task Analyze_UnchangedFile_IsAnsweredFromTheStoreAtNoCost()
    {
        using var fixture = new AssistantFixture();
        fixture.Backend.Answer = Answer;
        SourceFile file = SourceFile.FromText("a.py", Code, null);
        await fixture.Analyzer.AnalyzeAsync(file, new FileAnalysisRequest { Model = AssistantFixture.Model }, default);

        FileAnalysis again = (await fixture.Analyzer.AnalyzeAsync(file, new FileAnalysisRequest { Model = AssistantFixture.Model }, default)).Analysis!;

        fixture.Backend.Calls.ShouldBe(1);
        again.FromStore.ShouldBeTrue();
        again.CostUsd.ShouldBe(0m);
        again.Scores.Overall.ShouldBe(55);
        again.Issues.Single().Message.ShouldBe("Injection.");
    }

    [Fact]
    public async Task Analyze_ChangedContentOrModelOrForce_AsksTheModelAgain()
    {
        using var fixture = new AssistantFixture();
        fixture.Backend.Answer = Answer;
        await fixture.Analyzer.AnalyzeAsync(SourceFile.FromText("a.py", Code, null), new FileAnalysisRequest { Model = AssistantFixture.Model }, default);

        await fixture.Analyzer.AnalyzeAsync(SourceFile.FromText("a.py", Code + "# changed\n", null), new FileAnalysisRequest { Model = AssistantFixture.Model }, default);
        await fixture.Analyzer.AnalyzeAsync(SourceFile.FromText("a.py", Code, null), new FileAnalysisRequest { Model = "openai/gpt-4.1-mini" }, default);
        await fixture.Analyzer.AnalyzeAsync(SourceFile.FromText("a.py", Code, null), new FileAnalysisRequest { Model = AssistantFixture.Model, Force = true }, default);

        fixture.Backend.Calls.ShouldBe(4);
    }

    [Fact]
    public async Task Analyze_PartialAnswer_IsNotStoredSoTheNextRunAsksAgain()
    {
        using var fixture = new AssistantFixture();
        fixture.Backend.Answer = """{"overall": 55, "summary": "cut""";
        SourceFile file = SourceFile.FromText("a.py", Code, null);

        FileAnalysis first = (await fixture.Analyzer.AnalyzeAsync(file, new FileAnalysisRequest { Model = AssistantFixture.Model }, default)).Analysis!;
        await fixture.Analyzer.AnalyzeAsync(file, new FileAnalysisRequest { Model = AssistantFixture.Model }, default);

        first.Partial.ShouldBeTrue();
        first.Warnings.ShouldNotBeEmpty();
        fixture.Backend.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task Analyze_AnswerCutAtTheTokenLimit_WarnsAboutTheLimit()
    {
        using var fixture = new AssistantFixture();
        fixture.Backend.Answer = Answer;
        fixture.Backend.FinishReason = FinishReason.Length;

        FileAnalysis analysis = (await fixture.Analyzer.AnalyzeAsync(SourceFile.FromText("a.py", Code, null), new FileAnalysisRequest { Model = AssistantFixture.Model }, default)).Analysis!;

        analysis.Warnings.ShouldContain(w => w.Contains("output limit (2000 tokens)"));
    }

    [Fact]
    public async Task Analyze_NoProviderConfigured_ExplainsWhatToSetWithoutCalling()
    {
        using var fixture = new AssistantFixture(withProvider: false);

        FileAnalysisOutcome outcome = await fixture.Analyzer.AnalyzeAsync(SourceFile.FromText("a.py", Code, null), new FileAnalysisRequest(), default);

        fixture.Backend.Calls.ShouldBe(0);
        outcome.Error!.Kind.ShouldBe("no_provider");
        outcome.Error.Message.ShouldContain("OPENAI_API_KEY");
        outcome.Error.Message.ShouldContain("Ollama");
        outcome.Error.Message.ShouldContain("simulated/demo");
    }

    [Fact]
    public async Task Analyze_FailedCall_IsAnErrorNotAnException()
    {
        using var fixture = new AssistantFixture();
        fixture.Backend.Error = new AssistantError(502, "upstream_http", "upstream broke");

        FileAnalysisOutcome outcome = await fixture.Analyzer.AnalyzeAsync(SourceFile.FromText("a.py", Code, null), new FileAnalysisRequest { Model = AssistantFixture.Model }, default);

        outcome.Analysis.ShouldBeNull();
        outcome.Error!.Message.ShouldBe("upstream broke");
    }

    [Fact]
    public async Task Analyze_TooLargeBinaryEmptyOrDisallowed_IsRefusedBeforeAnyCall()
    {
        using var fixture = new AssistantFixture(new AssistantOptions { MaxCodeBytes = 100, AllowedLanguages = ["python"] });

        FileAnalysisOutcome large = await fixture.Analyzer.AnalyzeAsync(SourceFile.FromText("a.py", new string('x', 101), null), new FileAnalysisRequest { Model = AssistantFixture.Model }, default);
        FileAnalysisOutcome binary = await fixture.Analyzer.AnalyzeAsync(SourceFileReader.FromBytes("b.bin", "b.bin", [1, 0, 2]), new FileAnalysisRequest { Model = AssistantFixture.Model }, default);
        FileAnalysisOutcome empty = await fixture.Analyzer.AnalyzeAsync(SourceFile.FromText("e.py", " \n", null), new FileAnalysisRequest { Model = AssistantFixture.Model }, default);
        FileAnalysisOutcome ruby = await fixture.Analyzer.AnalyzeAsync(SourceFile.FromText("a.rb", "puts 1", null), new FileAnalysisRequest { Model = AssistantFixture.Model }, default);

        fixture.Backend.Calls.ShouldBe(0);
        large.Refusal!.StatusCode.ShouldBe(413);
        large.Refusal.Message.ShouldContain("Purser:Assistant:MaxCodeBytes");
        binary.Refusal!.Code.ShouldBe("binary_file");
        empty.Refusal!.Code.ShouldBe("empty_file");
        ruby.Refusal!.Code.ShouldBe("language_not_allowed");
    }
}
