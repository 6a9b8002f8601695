using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Purser.Configuration;
using Purser.Ledger;
using Purser.Pipeline;

namespace Purser.Hosting;

/// <summary>Adds the ledger (writer and stage) over whatever <see cref="ILedgerStore"/> is registered.</summary>
public static class PurserBuilderLedgerExtensions
{
    public static PurserBuilder AddLedger(this PurserBuilder builder)
    {
        builder.Services.TryAddSingleton(sp => new LedgerWriter(
            sp.GetRequiredService<ILedgerStore>(),
            sp.GetRequiredService<PurserOptions>().Ledger,
            sp.GetRequiredService<ILogger<LedgerWriter>>(),
            sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRequestStage, LedgerAdmissionStage>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICompletionStage, LedgerStage>());
        return builder;
    }
}
