using System;
using System.Security.Cryptography;
using System.Text;

namespace Demo;

/// <summary>Stores passwords.</summary>
public static class Passwords
{
    /// <summary>Hashes a password.</summary>
    public static string Hash(string password) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(password)));
}
