using Purser.Configuration;

namespace Purser.Core.Tests.Configuration;

public sealed class ProviderEnvironmentTests
{
    private static PurserOptions Apply(params (string Name, string Value)[] variables)
    {
        var env = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        var options = new PurserOptions();
        ProviderEnvironment.Apply(options, name => env.GetValueOrDefault(name));
        return options;
    }

    [Theory]
    [InlineData("OPENAI_API_KEY", "openai", "openai", "https://api.openai.com/v1")]
    [InlineData("ANTHROPIC_API_KEY", "anthropic", "anthropic", "https://api.anthropic.com")]
    [InlineData("GEMINI_API_KEY", "gemini", "gemini", "https://generativelanguage.googleapis.com/v1beta")]
    [InlineData("GOOGLE_API_KEY", "gemini", "gemini", "https://generativelanguage.googleapis.com/v1beta")]
    [InlineData("XAI_API_KEY", "xai", "openai", "https://api.x.ai/v1")]
    [InlineData("GROK_API_KEY", "xai", "openai", "https://api.x.ai/v1")]
    [InlineData("OPENROUTER_API_KEY", "openrouter", "openai", "https://openrouter.ai/api/v1")]
    public void Apply_KeyVariable_ConfiguresItsProviderReadingTheKeyFromThatVariable(string variable, string provider, string kind, string baseUrl)
    {
        PurserOptions options = Apply((variable, "test-value"));

        ProviderOptions configured = options.Providers[provider];
        configured.Kind.ShouldBe(kind);
        configured.BaseUrl.ShouldBe(baseUrl);
        configured.ApiKey.ShouldBe("env:" + variable);
        options.Providers.Keys.Order(StringComparer.Ordinal).ShouldBe(new[] { provider, "simulated" }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Apply_BothXaiVariables_XaiApiKeyWins()
    {
        Apply(("GROK_API_KEY", "a"), ("XAI_API_KEY", "b")).Providers["xai"].ApiKey.ShouldBe("env:XAI_API_KEY");
    }

    [Theory]
    [InlineData("http://localhost:11434", "http://localhost:11434/v1")]
    [InlineData("localhost:11434", "http://localhost:11434/v1")]
    [InlineData("0.0.0.0:11434", "http://127.0.0.1:11434/v1")]
    [InlineData("http://gpu-box:8080/", "http://gpu-box:8080/v1")]
    [InlineData("http://gpu-box:8080/v1", "http://gpu-box:8080/v1")]
    public void Apply_OllamaHost_ConfiguresOllamaWithoutAKey(string host, string baseUrl)
    {
        ProviderOptions ollama = Apply(("OLLAMA_HOST", host)).Providers["ollama"];

        ollama.Kind.ShouldBe("openai");
        ollama.BaseUrl.ShouldBe(baseUrl);
        ollama.ApiKey.ShouldBeNull();
    }

    [Fact]
    public void Apply_NoVariables_OnlyTheSimulatedProvider()
    {
        Apply().Providers.Keys.ShouldBe(["simulated"]);
    }

    [Fact]
    public void Apply_ProviderAlreadyConfigured_IsNotReplaced()
    {
        var options = new PurserOptions();
        options.Providers["openai"] = new ProviderOptions { Kind = "openai", BaseUrl = "http://127.0.0.1:9/v1" };

        ProviderEnvironment.Apply(options, name => name == "OPENAI_API_KEY" ? "test-value" : null);

        options.Providers["openai"].BaseUrl.ShouldBe("http://127.0.0.1:9/v1");
    }
}
