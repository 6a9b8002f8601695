using Purser.Assistant.Templates;

namespace Purser.Assistant.Tests.Templates;

public sealed class TaskPatternTests
{
    [Fact]
    public void Parse_ServiceName_BecomesTheServiceParameter()
    {
        TaskPattern pattern = TaskPattern.Parse("Create a Xero API client");

        pattern.Parameters.ShouldBe([new TemplateParameter("Service", "Xero")]);
        pattern.Words.ShouldBe(["api", "client", "create", "{service}"]);
    }

    [Fact]
    public void Parse_EntityAndUrl_AreParametersByRole()
    {
        TaskPattern pattern = TaskPattern.Parse("Build a Shopify client for the Order resource at https://shop.example.com/api");

        pattern.Parameters.ShouldBe([
            new TemplateParameter("Url", "https://shop.example.com/api"),
            new TemplateParameter("Service", "Shopify"),
            new TemplateParameter("Entity", "Order"),
        ]);
    }

    [Fact]
    public void Parse_MultiWordName_IsOneParameter()
    {
        TaskPattern.Parse("Write a Google Drive API client").Parameters.ShouldBe([new TemplateParameter("Service", "Google Drive")]);
    }

    [Theory]
    [InlineData("Create a Stripe API client", 1.0)]
    [InlineData("create the Stripe API clients", 1.0)]
    [InlineData("Create a Stripe API client with retries", 0.8)]
    [InlineData("Write a function that parses ISO dates", 0.0)]
    public void Similarity_IsJaccardOfTheNormalisedWords(string other, double expected)
    {
        TaskPattern xero = TaskPattern.Parse("Create a Xero API client");

        xero.Similarity(TaskPattern.Parse(other)).ShouldBe(expected, 0.0001);
    }

    [Fact]
    public void Signature_DependsOnOperationLanguageStackAndWords_NotOnTheParameterValues()
    {
        string xero = TaskPattern.Signature("code_generation", "python", "httpx", TaskPattern.Parse("Create a Xero API client"));

        TaskPattern.Signature("code_generation", "python", "httpx", TaskPattern.Parse("Create a Stripe API client")).ShouldBe(xero);
        TaskPattern.Signature("code_generation", "csharp", "httpx", TaskPattern.Parse("Create a Xero API client")).ShouldNotBe(xero);
        TaskPattern.Signature("code_generation", "python", "requests", TaskPattern.Parse("Create a Xero API client")).ShouldNotBe(xero);
    }

    [Fact]
    public void NormaliseStack_IgnoresOrderCaseAndSeparators()
    {
        TaskPattern.NormaliseStack(["FastAPI, httpx"]).ShouldBe(TaskPattern.NormaliseStack(["httpx", "fastapi"]));
        TaskPattern.NormaliseStack(["httpx", "fastapi"]).ShouldBe("fastapi,httpx");
    }
}
