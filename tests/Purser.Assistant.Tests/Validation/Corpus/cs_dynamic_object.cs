namespace Demo;

/// <summary>A bag of values.</summary>
public sealed class Bag
{
    /// <summary>Anything.</summary>
    public dynamic? Value { get; set; }

    /// <summary>Stores an object.</summary>
    public void Put(object item)
    {
        Value = item;
    }

    /// <summary>Equality, as object requires.</summary>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <summary>The hash code.</summary>
    public override int GetHashCode() => 0;
}
