using Purser.Prompts;

namespace Purser.Core.Tests.Prompts;

public sealed class PromptDefinitionTests
{
    /// <summary>A prompt named "t" defined by a user file with these fields (JSON object members).</summary>
    internal static PromptDefinition Define(string fields) =>
        PromptFile.Build("{\"prompts\":{\"t\":{" + fields + "}}}", "test.json").All.Single(p => p.Name == "t");

    private static Dictionary<string, string> Vars(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public void Render_AllVariablesGiven_RendersSystemAndUser()
    {
        PromptDefinition prompt = Define("\"systemPrompt\": \"You review {language}.\", \"template\": \"Review {path}\"");

        RenderedPrompt rendered = prompt.Render(Vars(("language", "Go"), ("path", "main.go")));

        rendered.System.ShouldBe("You review Go.");
        rendered.User.ShouldBe("Review main.go");
    }

    [Fact]
    public void Render_ExtraVariables_AreIgnored()
    {
        PromptDefinition prompt = Define("\"template\": \"Q: {question}\"");

        prompt.Render(Vars(("question", "why?"), ("unused", "x"))).User.ShouldBe("Q: why?");
    }

    [Fact]
    public void Render_MissingVariable_ThrowsNamingTheVariableAndThePrompt()
    {
        PromptDefinition prompt = Define("\"template\": \"{code} in {language}\"");

        var ex = Should.Throw<MissingPromptVariableException>(() => prompt.Render(Vars(("code", "x"))));

        ex.PromptName.ShouldBe("t");
        ex.MissingVariables.ShouldBe(["language"]);
        ex.Message.ShouldContain("Prompt 't' needs variable 'language'");
    }

    [Fact]
    public void Render_SeveralMissing_ListsAllOfThem()
    {
        PromptDefinition prompt = Define("\"systemPrompt\": \"{a}\", \"template\": \"{b} {c}\"");

        var ex = Should.Throw<MissingPromptVariableException>(() => prompt.Render(Vars(("b", "1"))));

        ex.MissingVariables.ShouldBe(["a", "c"]);
        ex.Message.ShouldContain("'a', 'c'");
    }

    [Fact]
    public void Render_VariableWithDefault_UsesDefaultWhenNotGiven()
    {
        PromptDefinition prompt = Define("\"template\": \"ctx={context}\", \"defaults\": {\"context\": \"(none)\"}");

        prompt.Render(Vars()).User.ShouldBe("ctx=(none)");
        prompt.Render(Vars(("context", "file.cs"))).User.ShouldBe("ctx=file.cs");
    }

    [Fact]
    public void Render_NullValue_CountsAsNotGiven()
    {
        PromptDefinition prompt = Define("\"template\": \"{x}\"");
        var variables = new Dictionary<string, string> { ["x"] = null! };

        Should.Throw<MissingPromptVariableException>(() => prompt.Render(variables));
    }

    [Fact]
    public void Variables_SystemAndTemplate_AreListedOnceEachAndRequiredExcludesDefaulted()
    {
        PromptDefinition prompt = Define("\"systemPrompt\": \"{lang}\", \"template\": \"{code} {lang} {ctx}\", \"defaults\": {\"ctx\": \"-\"}");

        prompt.Variables.ShouldBe(["lang", "code", "ctx"]);
        prompt.RequiredVariables.ShouldBe(["lang", "code"]);
    }

    [Fact]
    public void Version_SameContent_IsTheSame()
    {
        Define("\"template\": \"x {a}\", \"temperature\": 0.5").Version
            .ShouldBe(Define("\"template\": \"x {a}\", \"temperature\": 0.5").Version);
    }

    [Theory]
    [InlineData("\"template\": \"y {a}\", \"temperature\": 0.5")]
    [InlineData("\"template\": \"x {a}\", \"temperature\": 0.6")]
    [InlineData("\"template\": \"x {a}\", \"temperature\": 0.5, \"systemPrompt\": \"s\"")]
    [InlineData("\"template\": \"x {a}\", \"temperature\": 0.5, \"maxTokens\": 100")]
    [InlineData("\"template\": \"x {a}\", \"temperature\": 0.5, \"tier\": \"cheap\"")]
    [InlineData("\"template\": \"x {a}\", \"temperature\": 0.5, \"model\": \"openai/gpt-4o\"")]
    [InlineData("\"template\": \"x {a}\", \"temperature\": 0.5, \"responseFormat\": \"json\"")]
    [InlineData("\"template\": \"x {a}\", \"temperature\": 0.5, \"defaults\": {\"a\": \"1\"}")]
    [InlineData("\"template\": \"x {a}\", \"temperature\": 0.5, \"version\": \"2\"")]
    public void Version_AnythingThatShapesTheAnswerChanges_Changes(string changed)
    {
        string baseline = Define("\"template\": \"x {a}\", \"temperature\": 0.5").Version;

        Define(changed).Version.ShouldNotBe(baseline);
    }

    [Fact]
    public void Version_DescriptionChanges_StaysTheSame()
    {
        Define("\"template\": \"x\", \"description\": \"one\"").Version
            .ShouldBe(Define("\"template\": \"x\", \"description\": \"two\"").Version);
    }

    [Fact]
    public void Version_Declared_IsLabelPlusContentHash()
    {
        PromptDefinition prompt = Define("\"template\": \"x\", \"version\": 3");

        prompt.DeclaredVersion.ShouldBe("3");
        prompt.Version.ShouldMatch("^3\\+[0-9a-f]{12}$");
        Define("\"template\": \"x\"").Version.ShouldMatch("^[0-9a-f]{12}$");
    }

    [Fact]
    public void Target_ModelPinned_IsTheModelElseTheTierAlias()
    {
        Define("\"template\": \"x\", \"tier\": \"fast\"").Target.ShouldBe("fast");
        Define("\"template\": \"x\", \"tier\": \"cheap\", \"model\": \"ollama/llama3\"").Target.ShouldBe("ollama/llama3");
    }
}
