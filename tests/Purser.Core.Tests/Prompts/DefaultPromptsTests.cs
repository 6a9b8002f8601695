using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Purser.Prompts;

namespace Purser.Core.Tests.Prompts;

/// <summary>The shipped prompt file (DefaultPrompts.json): the assistant's contract with it, and its schema.</summary>
public sealed class DefaultPromptsTests
{
    /// <summary>Each shipped prompt and the variables the assistant renders it with.</summary>
    public static TheoryData<string, string[]> ShippedPrompts => new()
    {
        { "file_scoring", ["path", "language", "content"] },
        { "quick_analysis", ["language", "code"] },
        { "qa", ["context", "question"] },
        { "code_review", ["language", "file_path", "diff_or_content", "cursor_context"] },
        { "debugging", ["file_name", "code", "error_log"] },
        { "architecture", ["request", "tech_stack", "scale", "database"] },
        { "code_generation", ["task", "tech_stack"] },
        { "code_repair", ["task", "tech_stack", "code", "findings"] },
        { "cross_validation", ["language", "risks", "task", "code"] },
    };

    private static PromptSet Shipped => PromptFile.Build(null, null);

    [Fact]
    public void Shipped_Load_AreExactlyTheAssistantPrompts()
    {
        Shipped.All.Select(p => p.Name).ShouldBe(
            ["architecture", "code_generation", "code_repair", "code_review", "cross_validation", "debugging", "file_scoring", "qa", "quick_analysis"]);
    }

    [Theory]
    [MemberData(nameof(ShippedPrompts))]
    public void Shipped_Variables_AreTheOnesTheAssistantGives(string name, string[] variables)
    {
        PromptDefinition prompt = Shipped.All.Single(p => p.Name == name);

        prompt.Variables.Order().ShouldBe(variables.Order());
        prompt.Description.ShouldNotBeNullOrWhiteSpace();
        prompt.DeclaredVersion.ShouldNotBeNull();
        prompt.Source.ShouldBe(PromptSource.Shipped);
    }

    [Theory]
    [MemberData(nameof(ShippedPrompts))]
    public void Shipped_RenderWithEveryVariable_InsertsEachValueAndLeavesNoPlaceholderOrEscape(string name, string[] variables)
    {
        PromptDefinition prompt = Shipped.All.Single(p => p.Name == name);
        Dictionary<string, string> values = variables.ToDictionary(v => v, v => $"<<value of {v}>>");

        RenderedPrompt rendered = prompt.Render(values);

        string all = rendered.System + "\n" + rendered.User;
        foreach (string variable in variables)
        {
            all.ShouldContain($"<<value of {variable}>>");
            all.ShouldNotContain("{" + variable + "}");
        }

        all.ShouldNotContain("{{");
        all.ShouldNotContain("}}");
        rendered.System.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [MemberData(nameof(ShippedPrompts))]
    public void Shipped_RenderWithOnlyRequiredVariables_Succeeds(string name, string[] variables)
    {
        PromptDefinition prompt = Shipped.All.Single(p => p.Name == name);
        variables.ShouldContain(v => prompt.RequiredVariables.Contains(v));

        Should.NotThrow(() => prompt.Render(prompt.RequiredVariables.ToDictionary(v => v, v => "x")));
    }

    [Theory]
    [InlineData("file_scoring", true, new[] { "overall", "security", "quality", "complexity", "maintainability", "summary", "issues", "line", "severity", "category", "message", "suggestions" })]
    [InlineData("code_review", true, new[] { "summary", "verdict", "findings", "line", "severity", "category", "message", "suggestion" })]
    [InlineData("debugging", false, new[] { "root_cause", "explanation", "location", "fix", "code", "confidence", "verification", "prevention" })]
    [InlineData("cross_validation", true, new[] { "verdict", "summary", "findings", "line", "severity", "risk", "message" })]
    public void Shipped_JsonPrompts_AskForJsonWithTheKeysTheAssistantParses(string name, bool hasSeverities, string[] keys)
    {
        PromptDefinition prompt = Shipped.All.Single(p => p.Name == name);

        prompt.ResponseFormat.ShouldBe(PromptResponseFormat.Json);
        string system = prompt.Render(prompt.Variables.ToDictionary(v => v, v => "x")).System;
        system.ShouldContain("JSON", Case.Sensitive); // JSON mode of OpenAI-compatible APIs requires the word in the messages
        foreach (string key in keys)
        {
            system.ShouldContain($"\"{key}\"", Case.Sensitive);
        }

        if (hasSeverities)
        {
            system.ShouldContain("\"error\" | \"warning\" | \"note\"", Case.Sensitive);
        }
    }

    [Theory]
    [InlineData("quick_analysis")]
    [InlineData("qa")]
    [InlineData("architecture")]
    [InlineData("code_generation")]
    [InlineData("code_repair")]
    public void Shipped_TextPrompts_AnswerInText(string name)
    {
        Shipped.All.Single(p => p.Name == name).ResponseFormat.ShouldBe(PromptResponseFormat.Text);
    }

    [Fact]
    public void Shipped_Architecture_AsksForTheDesignDocumentSections()
    {
        string system = Shipped.All.Single(p => p.Name == "architecture").SystemPrompt;

        foreach (string section in new[] { "Summary", "Requirements", "Components", "Data model", "API design", "Security", "Trade-offs" })
        {
            system.ShouldContain(section);
        }
    }

    [Fact]
    public void Schema_PromptProperties_MatchTheFieldsTheLoaderAccepts()
    {
        JsonObject schema = JsonNode.Parse(PromptLibrary.SchemaJson)!.AsObject();

        JsonObject properties = schema["$defs"]!["prompt"]!["properties"]!.AsObject();

        properties.Select(p => p.Key).Order().ShouldBe(PromptFile.Fields.Order());
    }

    [Fact]
    public void Schema_PromptNamePattern_AcceptsEveryShippedName()
    {
        JsonObject schema = JsonNode.Parse(PromptLibrary.SchemaJson)!.AsObject();
        var pattern = new Regex(schema["properties"]!["prompts"]!["propertyNames"]!["pattern"]!.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1));

        Shipped.All.ShouldAllBe(p => pattern.IsMatch(p.Name));
    }

    [Fact]
    public void ShippedDefaultsJson_IsTheEmbeddedFile()
    {
        JsonNode.Parse(PromptLibrary.ShippedDefaultsJson)!["prompts"]!.AsObject().Count.ShouldBe(Shipped.All.Count);
    }
}
