using Microsoft.Extensions.Logging;

namespace Purser.Pricing;

/// <summary>Log messages of the pricing feature (event ids 1100–1199).</summary>
internal static partial class PricingLog
{
    [LoggerMessage(EventId = 1101, EventName = "NoPriceForModel", Level = LogLevel.Warning,
        Message = "No price for model {Model}: cost recorded as unknown. Add a Purser:Pricing:<provider/model> entry to price it.")]
    public static partial void NoPriceForModel(ILogger logger, string model);

    [LoggerMessage(EventId = 1102, EventName = "PriceOverridden", Level = LogLevel.Information,
        Message = "Price of {ModelId} overridden by configuration")]
    public static partial void PriceOverridden(ILogger logger, string modelId);

    [LoggerMessage(EventId = 1103, EventName = "PriceAdded", Level = LogLevel.Information,
        Message = "Price of {ModelId} added by configuration")]
    public static partial void PriceAdded(ILogger logger, string modelId);

    [LoggerMessage(EventId = 1104, EventName = "CatalogLoaded", Level = LogLevel.Debug,
        Message = "Pricing catalog of {Updated} loaded with {Count} models")]
    public static partial void CatalogLoaded(ILogger logger, DateOnly updated, int count);
}
