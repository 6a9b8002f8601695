namespace Demo;

/// <summary>Broken.</summary>
public class Broken
{
    /// <summary>Missing a brace.</summary>
    public int Value()
    {
        return 1
    }
