using System.IO;
using System.Runtime.Serialization.Formatters.Binary;

namespace Demo;

/// <summary>Loads state.</summary>
public static class State
{
    /// <summary>Reads an object from a stream.</summary>
#pragma warning disable SYSLIB0011
    public static object Load(Stream stream) => new BinaryFormatter().Deserialize(stream);
#pragma warning restore SYSLIB0011
}
