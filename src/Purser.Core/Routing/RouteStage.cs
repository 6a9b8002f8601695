using Purser.Errors;
using Purser.Pipeline;

namespace Purser.Routing;

/// <summary>Resolves the requested model into deployments (provider/model, bare name, alias).</summary>
public sealed class RouteStage(ModelResolver resolver) : IRequestStage
{
    public int Order => StageOrder.Route;

    public ValueTask InvokeAsync(PurserContext context, CancellationToken cancellationToken)
    {
        RouteDecision? route = resolver.Resolve(context.Request.Model, out PurserError? error);
        if (route is null)
        {
            context.Error = error;
        }
        else
        {
            context.Route = route;
        }

        return ValueTask.CompletedTask;
    }
}
