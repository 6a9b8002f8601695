// An ASP.NET minimal API whose IChatClient is Purser in process: the "Purser" section of appsettings.json (the same
// section the gateway reads) configures providers, budgets and the cache; every call is priced and recorded.
using Microsoft.Extensions.AI;
using Purser.Extensions.AI;

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddPurserChatClient(builder.Configuration, o => o.DefaultModel = "sim/sim-chat")
    .UseFunctionInvocation();

WebApplication app = builder.Build();

// POST /chat {"message": "...", "user": "alice"} → the answer, its cost and the ledger's request id.
app.MapPost("/chat", async (ChatBody body, IChatClient chat, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(body.Message))
    {
        return Results.BadRequest(new { error = "message is required" });
    }

    ChatOptions options = new ChatOptions().WithPurser(new PurserCallOptions { User = body.User, Project = "web-sample" });
    try
    {
        ChatResponse response = await chat.GetResponseAsync(body.Message, options, cancellationToken);
        PurserCallInfo info = response.GetPurserInfo()!;
        return Results.Ok(new { answer = response.Text, costUsd = info.CostUsd, cache = info.Cache, requestId = info.RequestId });
    }
    catch (PurserBudgetExceededException ex)
    {
        return Results.Json(new { error = ex.Message, budget = ex.Budget, resetsAt = ex.ResetsAt }, statusCode: StatusCodes.Status429TooManyRequests);
    }
});

app.Run();

/// <summary>The body of POST /chat.</summary>
internal sealed record ChatBody(string? Message, string? User);
