using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Purser.Gateway.Security;

/// <summary>
/// Counts failed authentications (a key presented and refused) per client address in a fixed window; an address that
/// reaches <see cref="AuthFailureOptions.Limit"/> must wait until its window ends (429 with Retry-After), which bounds
/// guessing to Limit keys per window. Every failure up to the limit is logged (event 3101, never the key), and the block
/// once (3102). IPv6 addresses count by /64, the block a host usually holds. Memory is bounded: past
/// <see cref="AuthFailureOptions.MaxTrackedAddresses"/> live windows, new addresses share one window.
/// </summary>
internal sealed partial class AuthFailureLimiter(AuthFailureOptions options, TimeProvider time, ILogger<AuthFailureLimiter> logger)
{
    private const string Overflow = "(other addresses)";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeSpan _length = TimeSpan.FromSeconds(options.WindowSeconds);

    /// <summary>How long <paramref name="address"/> must still wait before presenting a key again; null when it may.</summary>
    public TimeSpan? RetryAfter(IPAddress? address)
    {
        string key = KeyOf(address);
        DateTimeOffset now = time.GetUtcNow();
        lock (_lock)
        {
            // An address the table had no room for shares the overflow window.
            if (!_windows.TryGetValue(key, out Window? window)
                && (_windows.Count < options.MaxTrackedAddresses || !_windows.TryGetValue(Overflow, out window)))
            {
                return null;
            }

            DateTimeOffset end = window.Start + _length;
            return window.Failures >= options.Limit && now < end ? end - now : null;
        }
    }

    /// <summary>The answer to an address that must wait: 429 with Retry-After.</summary>
    public static Purser.Errors.PurserError Refusal(TimeSpan wait) =>
        new(Purser.Errors.ErrorKind.RateLimited, 429, $"Too many failed authentications from this address: keys are refused for {Math.Max(1, Math.Ceiling(wait.TotalSeconds)):0} more seconds.")
        {
            Code = "too_many_auth_failures",
            RetryAfter = wait,
        };

    /// <summary>Counts one refused key from <paramref name="address"/> on <paramref name="path"/> and logs it.</summary>
    public void RecordFailure(IPAddress? address, string path, string reason)
    {
        string key = KeyOf(address);
        DateTimeOffset now = time.GetUtcNow();
        int failures;
        lock (_lock)
        {
            if (!_windows.TryGetValue(key, out Window? window))
            {
                if (_windows.Count >= options.MaxTrackedAddresses)
                {
                    Prune(now);
                }

                if (_windows.Count >= options.MaxTrackedAddresses)
                {
                    key = Overflow;
                    window = _windows.GetValueOrDefault(Overflow);
                }
            }

            if (window is null || now >= window.Start + _length)
            {
                window = new Window(now);
                _windows[key] = window;
            }

            failures = ++window.Failures;
        }

        if (failures <= options.Limit)
        {
            LogFailure(logger, key, path, reason, failures, options.Limit, options.WindowSeconds);
        }

        if (failures == options.Limit)
        {
            LogBlocked(logger, key, options.Limit, options.WindowSeconds);
        }
    }

    /// <summary>Addresses tracked now (tests, diagnostics).</summary>
    public int TrackedAddresses
    {
        get
        {
            lock (_lock)
            {
                return _windows.Count;
            }
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, window) in _windows)
        {
            if (now >= window.Start + _length)
            {
                _windows.Remove(key);
            }
        }
    }

    private static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return "(unknown)";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public int Failures { get; set; }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Failed authentication from {Address} on {Path}: {Reason} ({Failures} of {Limit} allowed in {WindowSeconds} s)")]
    private static partial void LogFailure(ILogger logger, string address, string path, string reason, int failures, int limit, int windowSeconds);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Too many failed authentications from {Address} ({Limit} in {WindowSeconds} s): its keys are refused with 429 until the window ends")]
    private static partial void LogBlocked(ILogger logger, string address, int limit, int windowSeconds);
}
