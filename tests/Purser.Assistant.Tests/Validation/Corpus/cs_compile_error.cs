namespace Demo;

/// <summary>Does not compile.</summary>
public static class Compute
{
    /// <summary>Uses a name that does not exist.</summary>
    public static int Twice(int x) => x * factor;
}
