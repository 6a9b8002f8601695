using Newtonsoft.Json;

namespace Demo;

/// <summary>Settings.</summary>
public static class Settings
{
    /// <summary>Serializer settings.</summary>
    public static readonly JsonSerializerSettings Json = new() { TypeNameHandling = TypeNameHandling.All };
}
