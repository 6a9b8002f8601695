using Microsoft.Extensions.DependencyInjection.Extensions;
using Purser.Sessions;

namespace Purser.Hosting;

/// <summary>Adds <c>purser run</c> sessions. Needs a session store (the SQLite storage registers one) and budgets.</summary>
public static class PurserBuilderSessionExtensions
{
    public static PurserBuilder AddSessions(this PurserBuilder builder)
    {
        builder.Services.TryAddSingleton<SessionService>();
        return builder;
    }
}
