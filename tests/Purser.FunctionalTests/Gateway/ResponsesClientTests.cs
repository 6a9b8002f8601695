using System.ClientModel;
using System.Text;
using OpenAI.Responses;
using Purser.FunctionalTests.Infrastructure;

#pragma warning disable OPENAI001 // the Responses client is marked experimental in the SDK

namespace Purser.FunctionalTests.Gateway;

/// <summary>The OpenAI .NET SDK's ResponsesClient against the gateway, onto every upstream kind (translated and passed through).</summary>
public sealed class ResponsesClientTests(ResponsesHarnesses harnesses) : IClassFixture<ResponsesHarnesses>
{
    [Theory]
    [MemberData(nameof(ResponsesHarnesses.All), MemberType = typeof(ResponsesHarnesses))]
    public async Task CreateResponse_ReturnsTextAndUsage(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);
        h.Scenario.Answer = new FakeAnswer("Hello from upstream.");
        ResponsesClient client = Clients.OpenAIResponses(h.Url);

        ResponseResult response = (await client.CreateResponseAsync(new CreateResponseOptions(GatewayHarness.Model, [ResponseItem.CreateUserMessageItem("Say hello")])
        {
            Instructions = "Be brief.",
            MaxOutputTokenCount = 200,
        })).Value;

        response.GetOutputText().ShouldBe("Hello from upstream.");
        response.Status.ShouldBe(ResponseStatus.Completed);
        response.Usage.InputTokenCount.ShouldBe(120);
        response.Usage.InputTokenDetails.CachedTokenCount.ShouldBe(20);
        response.Usage.OutputTokenCount.ShouldBe(40);
        h.Upstream.LastRequest.Body.ShouldContain("Be brief.");
    }

    [Theory]
    [MemberData(nameof(ResponsesHarnesses.All), MemberType = typeof(ResponsesHarnesses))]
    public async Task CreateResponseStreaming_DeliversNumberedUpdatesAndTheCompletedResponse(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);
        h.Scenario.Answer = new FakeAnswer("Streaming through Purser in pieces.");
        ResponsesClient client = Clients.OpenAIResponses(h.Url);

        var text = new StringBuilder();
        var sequence = new List<int>();
        ResponseResult? completed = null;
        await foreach (StreamingResponseUpdate update in await client.CreateResponseStreamingAsync(GatewayHarness.Model, "stream please"))
        {
            sequence.Add(update.SequenceNumber);
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        text.ToString().ShouldBe("Streaming through Purser in pieces.");
        sequence.ShouldBe(Enumerable.Range(0, sequence.Count));
        completed.ShouldNotBeNull();
        completed.GetOutputText().ShouldBe("Streaming through Purser in pieces.");
        completed.Usage.OutputTokenCount.ShouldBe(40);
    }

    [Theory]
    [MemberData(nameof(ResponsesHarnesses.All), MemberType = typeof(ResponsesHarnesses))]
    public async Task FunctionCall_RoundTripThroughPreviousResponseId(string wire)
    {
        GatewayHarness h = await harnesses.GetAsync(wire);
        h.Scenario.Answer = new FakeAnswer("") { ToolCalls = [new FakeToolCall("call_9", "get_weather", """{"city":"Rome"}""")] };
        ResponsesClient client = Clients.OpenAIResponses(h.Url);
        var options = new CreateResponseOptions(GatewayHarness.Model, [ResponseItem.CreateUserMessageItem("Weather in Rome?")]);
        options.Tools.Add(ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""), false, "The weather in a city."));

        ResponseResult first = (await client.CreateResponseAsync(options)).Value;

        FunctionCallResponseItem call = first.OutputItems.OfType<FunctionCallResponseItem>().Single();
        call.FunctionName.ShouldBe("get_weather");
        call.FunctionArguments.ToString().ShouldContain("Rome");

        h.Scenario.Answer = new FakeAnswer("Sunny in Rome.");
        var next = new CreateResponseOptions(GatewayHarness.Model, [ResponseItem.CreateFunctionCallOutputItem(call.CallId, "sunny, 24 degrees")]) { PreviousResponseId = first.Id };
        next.Tools.Add(options.Tools[0]);
        ResponseResult second = (await client.CreateResponseAsync(next)).Value;

        second.GetOutputText().ShouldBe("Sunny in Rome.");
        string sent = h.Upstream.LastRequest.Body;
        sent.ShouldContain("Weather in Rome?");
        sent.ShouldContain("sunny, 24 degrees");
    }

    [Fact]
    public async Task GetAndDeleteResponse_AndAnUnknownIdIsA404()
    {
        GatewayHarness h = await harnesses.GetAsync("anthropic");
        ResponsesClient client = Clients.OpenAIResponses(h.Url);
        ResponseResult created = (await client.CreateResponseAsync(GatewayHarness.Model, "remember me")).Value;

        ResponseResult fetched = (await client.GetResponseAsync(created.Id)).Value;
        fetched.GetOutputText().ShouldBe("Hello from the fake upstream.");
        ResponseDeletionResult deleted = (await client.DeleteResponseAsync(created.Id)).Value;
        deleted.Deleted.ShouldBeTrue();

        ClientResultException missing = await Should.ThrowAsync<ClientResultException>(() => client.GetResponseAsync(created.Id));
        missing.Status.ShouldBe(404);
    }
}
