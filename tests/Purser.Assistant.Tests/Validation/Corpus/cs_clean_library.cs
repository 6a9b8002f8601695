using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Shop.Orders;

/// <summary>Reads orders from JSON.</summary>
public sealed class OrderReader
{
    private readonly ILogger<OrderReader> _logger;

    /// <summary>Creates a reader that logs through <paramref name="logger"/>.</summary>
    public OrderReader(ILogger<OrderReader> logger)
    {
        _logger = logger;
    }

    /// <summary>The order count in a JSON array, or null when the text is not JSON.</summary>
    public int? Count(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.GetArrayLength();
        }
        catch (JsonException ex)
        {
            _logger.LogWarning(ex, "Not an order list");
            return null;
        }
    }
}
