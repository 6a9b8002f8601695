using System;
using System.IO;
using System.Security.Cryptography;

namespace Demo;

/// <summary>File checksums.</summary>
public static class Checksums
{
    /// <summary>The MD5 of a stream, for change detection.</summary>
    public static string Of(Stream stream)
    {
        using var md5 = MD5.Create();
        return Convert.ToHexString(md5.ComputeHash(stream));
    }
}
