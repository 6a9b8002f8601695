using Purser.Errors;
using Purser.Pipeline;
using Purser.Routing;

namespace Purser.Keys;

/// <summary>
/// Holds a call to its key's allowed models: the model it asked for must be allowed, or else the route keeps only the
/// deployments that are; with none left the call is refused (403, model_not_allowed).
/// </summary>
internal sealed class ModelAccessStage : IRequestStage
{
    public int Order => StageOrder.Route + 10;

    public ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        if (context.AllowedModels is not { Count: > 0 } allowed || context.Route is not { } route || ModelAccess.Allows(allowed, context.Request.Model))
        {
            return ValueTask.CompletedTask;
        }

        List<Deployment> permitted = [.. route.Deployments.Where(d => ModelAccess.Allows(allowed, d.Target))];
        if (permitted.Count == 0)
        {
            context.Error = new PurserError(ErrorKind.Unauthorized, 403, $"Model '{context.Request.Model}' is not allowed for key '{context.Attribution.KeyName}' (allowed: {string.Join(", ", allowed)}).")
            {
                Code = "model_not_allowed",
                Param = "model",
            };
        }
        else if (permitted.Count < route.Deployments.Count)
        {
            route.Narrow(permitted, "limited to the key's allowed models");
        }

        return ValueTask.CompletedTask;
    }
}
