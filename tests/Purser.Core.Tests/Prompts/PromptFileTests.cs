using Purser.Prompts;

namespace Purser.Core.Tests.Prompts;

public sealed class PromptFileTests
{
    private static PromptSet Build(string userJson) => PromptFile.Build(userJson, "/home/dev/.purser/prompts.json");

    private static string BuildError(string userJson) => Should.Throw<PromptFileException>(() => Build(userJson)).Message;

    [Fact]
    public void Build_NoUserFile_HoldsOnlyShippedPrompts()
    {
        PromptSet prompts = PromptFile.Build(null, null);

        prompts.All.ShouldNotBeEmpty();
        prompts.All.ShouldAllBe(p => p.Source == PromptSource.Shipped);
    }

    [Fact]
    public void Build_UserSetsOneField_ChangesOnlyThatField()
    {
        PromptDefinition shipped = PromptFile.Build(null, null).All.Single(p => p.Name == "code_review");

        PromptDefinition merged = Build("""{ "prompts": { "code_review": { "temperature": 0.7 } } }""").All.Single(p => p.Name == "code_review");

        merged.Temperature.ShouldBe(0.7);
        merged.Source.ShouldBe(PromptSource.Overridden);
        merged.SystemPrompt.ShouldBe(shipped.SystemPrompt);
        merged.Template.ShouldBe(shipped.Template);
        merged.MaxTokens.ShouldBe(shipped.MaxTokens);
        merged.Tier.ShouldBe(shipped.Tier);
        merged.ResponseFormat.ShouldBe(shipped.ResponseFormat);
        merged.Description.ShouldBe(shipped.Description);
        merged.Defaults.ShouldBe(shipped.Defaults);
        merged.Version.ShouldNotBe(shipped.Version);
    }

    [Fact]
    public void Build_UserSetsOneDefault_MergesDefaultsKeyByKey()
    {
        PromptDefinition shipped = PromptFile.Build(null, null).All.Single(p => p.Name == "architecture");

        PromptDefinition merged = Build("""{ "prompts": { "architecture": { "defaults": { "scale": "1M users" } } } }""")
            .All.Single(p => p.Name == "architecture");

        merged.Defaults["scale"].ShouldBe("1M users");
        merged.Defaults["database"].ShouldBe(shipped.Defaults["database"]);
        merged.Defaults["tech_stack"].ShouldBe(shipped.Defaults["tech_stack"]);
    }

    [Fact]
    public void Build_UserDefinesNewPrompt_AddsItWithDefaultsForOmittedFields()
    {
        PromptSet prompts = Build("""{ "prompts": { "commit_message": { "template": "Write a commit message for:\n{diff}" } } }""");

        PromptDefinition added = prompts.All.Single(p => p.Name == "commit_message");
        added.Source.ShouldBe(PromptSource.User);
        added.Variables.ShouldBe(["diff"]);
        added.SystemPrompt.ShouldBe("");
        added.MaxTokens.ShouldBe(2048);
        added.Temperature.ShouldBe(0.2);
        added.Tier.ShouldBe(PromptTier.Smart);
        added.ResponseFormat.ShouldBe(PromptResponseFormat.Text);
        prompts.All.Count.ShouldBe(PromptFile.Build(null, null).All.Count + 1);
    }

    [Fact]
    public void Build_TextAsArrayOfLines_JoinsWithLineFeeds()
    {
        PromptDefinition prompt = Build("""{ "prompts": { "x": { "systemPrompt": ["one", "", "three"], "template": ["{a}", "b"] } } }""")
            .All.Single(p => p.Name == "x");

        prompt.SystemPrompt.ShouldBe("one\n\nthree");
        prompt.Template.ShouldBe("{a}\nb");
    }

    [Fact]
    public void Build_CommentsTrailingCommasAndDollarProperties_AreAccepted()
    {
        PromptSet prompts = Build("""
            {
              // my overrides
              "$schema": "prompts.schema.json",
              "prompts": {
                "qa": { "$comment": "warmer", "temperature": 0.6, },
              },
            }
            """);

        prompts.All.Single(p => p.Name == "qa").Temperature.ShouldBe(0.6);
    }

    [Fact]
    public void Build_EmptyPromptsObject_IsValid()
    {
        Build("""{ "prompts": {} }""").All.ShouldAllBe(p => p.Source == PromptSource.Shipped);
    }

    [Fact]
    public void Build_UnknownField_ErrorNamesFileFieldAndPrompt()
    {
        string error = BuildError("""{ "prompts": { "code_review": { "temprature": 0.7 } } }""");

        error.ShouldContain("/home/dev/.purser/prompts.json");
        error.ShouldContain("'code_review'");
        error.ShouldContain("'temprature'");
        error.ShouldContain("temperature"); // the list of known fields
    }

    [Theory]
    [InlineData("""{ "prompts": { "qa": { "temperature": 2.5 } } }""", "'temperature' must be between 0 and 2")]
    [InlineData("""{ "prompts": { "qa": { "temperature": "hot" } } }""", "'temperature' must be a number")]
    [InlineData("""{ "prompts": { "qa": { "maxTokens": 0 } } }""", "'maxTokens' must be between 1")]
    [InlineData("""{ "prompts": { "qa": { "maxTokens": 10.5 } } }""", "'maxTokens' must be a whole number")]
    [InlineData("""{ "prompts": { "qa": { "tier": "premium" } } }""", "'tier' must be cheap, smart or fast")]
    [InlineData("""{ "prompts": { "qa": { "responseFormat": "xml" } } }""", "'responseFormat' must be text or json")]
    [InlineData("""{ "prompts": { "qa": { "model": " " } } }""", "'model' is empty")]
    [InlineData("""{ "prompts": { "qa": { "template": 5 } } }""", "'template' must be a string or an array of strings")]
    [InlineData("""{ "prompts": { "qa": { "systemPrompt": ["a", 1] } } }""", "'systemPrompt' must be a string or an array of strings")]
    [InlineData("""{ "prompts": { "qa": { "defaults": { "context": 1 } } } }""", "the default for 'context' must be a string")]
    [InlineData("""{ "prompts": { "qa": { "defaults": { "bad name": "x" } } } }""", "'bad name', which is not a variable name")]
    [InlineData("""{ "prompts": { "qa": { "version": true } } }""", "'version' must be a string or a whole number")]
    [InlineData("""{ "prompts": { "qa": { "name": "ask" } } }""", "'name' is 'ask' but the prompt's key is 'qa'")]
    [InlineData("""{ "prompts": { "qa": { "temperature": null } } }""", "'temperature' is null")]
    [InlineData("""{ "prompts": { "new_one": { "description": "no template" } } }""", "'template' (the user message) is missing")]
    [InlineData("""{ "prompts": { "Code_Review": { "temperature": 0.1 } } }""", "'Code_Review' is not a valid prompt name")]
    [InlineData("""{ "prompts": { "qa": 3 } }""", "prompt 'qa' must be an object")]
    [InlineData("""{ "prompts": [] }""", "\"prompts\" must be an object")]
    [InlineData("""{ "roles": {} }""", "unknown top-level property 'roles'")]
    [InlineData("""[]""", "must hold a JSON object")]
    [InlineData("""{ "prompts": { "qa": { "temperature": 0.1, "temperature": 0.2 } } }""", "not valid JSON")]
    [InlineData("""{ "prompts": { "qa": { "temperature": 0.1 }""", "not valid JSON")]
    [InlineData("   ", "the file is empty")]
    public void Build_InvalidUserFile_ErrorSaysWhatIsWrong(string userJson, string expected)
    {
        BuildError(userJson).ShouldContain(expected);
    }

    [Fact]
    public void Build_UnescapedBraceInUserTemplate_ErrorNamesPromptFieldPositionAndEscape()
    {
        string error = BuildError("""{ "prompts": { "qa": { "template": "Answer as {\"a\": 1}" } } }""");

        error.ShouldContain("prompt 'qa'");
        error.ShouldContain("'template'");
        error.ShouldContain("line 1, column 11");
        error.ShouldContain("'{{'");
    }
}
