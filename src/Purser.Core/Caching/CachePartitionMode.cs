namespace Purser.Caching;

/// <summary>Who shares cache entries (<c>Purser:Cache:Partition</c>).</summary>
internal enum CachePartitionMode
{
    /// <summary>Everyone behind the gateway.</summary>
    Global,

    /// <summary>Callers with the same virtual key.</summary>
    Key,

    /// <summary>Callers with the same project (x-purser-project).</summary>
    Project,
}
