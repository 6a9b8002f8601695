namespace Demo;

/// <summary>Forgets its using.</summary>
public static class Serializer
{
    /// <summary>As JSON.</summary>
    public static string ToJson(object value) => JsonSerializer.Serialize(value);
}
