using Purser.FunctionalTests.Infrastructure;

namespace Purser.FunctionalTests.Gateway;

/// <summary>
/// One gateway per upstream kind for the Responses tests, shared by a test class: Chat Completions only (an
/// OpenAI-compatible server), Anthropic, Gemini, and an OpenAI provider with the Responses API (passthrough).
/// </summary>
public sealed class ResponsesHarnesses : IAsyncLifetime
{
    private readonly Dictionary<string, GatewayHarness> _harnesses = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The upstream kinds: translated (openai, anthropic, gemini) and passed through (responses).</summary>
    public static TheoryData<string> All => ["openai", "anthropic", "gemini", "responses"];

    /// <summary>The upstream kinds a Responses call is translated for.</summary>
    public static TheoryData<string> Translated => ["openai", "anthropic", "gemini"];

    public async Task<GatewayHarness> GetAsync(string kind)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_harnesses.TryGetValue(kind, out GatewayHarness? harness))
            {
                harness = kind == "responses"
                    ? await GatewayHarness.StartAsync(new ResponsesUpstreamWire(), config => config[$"Purser:Providers:{GatewayHarness.Provider}:ResponsesApi"] = "true")
                    : await GatewayHarness.StartAsync(Wires.Create(kind));
                _harnesses[kind] = harness;
            }

            // Each test starts from the default answer and handler.
            harness.Scenario.Answer = new FakeAnswer("Hello from the fake upstream.");
            harness.Scenario.ErrorStatus = null;
            harness.Scenario.CutStreamAfterEvents = null;
            harness.Upstream.Handler = (http, request) => harness.Wire.AnswerAsync(http, request, harness.Scenario);
            harness.Upstream.Received.Clear();
            return harness;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (GatewayHarness harness in _harnesses.Values)
        {
            await harness.DisposeAsync();
        }
    }
}
