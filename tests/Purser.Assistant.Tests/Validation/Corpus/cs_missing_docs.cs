namespace Demo;

public sealed class Invoice
{
    public decimal Total { get; init; }

    /// <summary>The currency code.</summary>
    public string Currency { get; init; } = "EUR";

    public Invoice WithTotal(decimal total) => new() { Total = total, Currency = Currency };

    private int Secret() => 1;

    internal int Internal() => Secret();
}
