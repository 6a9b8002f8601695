using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Purser.ResponseState;

namespace Purser.Hosting;

/// <summary>Adds the conversation state of the Responses API over whatever <see cref="IResponseStore"/> is registered (memory by default).</summary>
public static class PurserBuilderResponseStateExtensions
{
    public static PurserBuilder AddResponseState(this PurserBuilder builder)
    {
        builder.Services.TryAddSingleton<IResponseStore, InMemoryResponseStore>();
        builder.Services.TryAddSingleton<ResponseStateService>();
        return builder;
    }
}
