using System.Globalization;

namespace Purser.Bench.Load;

/// <summary>What one wrk run reports (latencies in microseconds), printed by the Lua done() hook of <see cref="WrkRunner"/>.</summary>
internal sealed record WrkResult(
    long Requests,
    long DurationUs,
    long ConnectErrors,
    long ReadErrors,
    long WriteErrors,
    long StatusErrors,
    long Timeouts,
    long P50Us,
    long P90Us,
    long P99Us,
    long P999Us,
    long MaxUs)
{
    public const string Marker = "PURSER-BENCH";

    public double RequestsPerSecond => DurationUs == 0 ? 0 : Requests / (DurationUs / 1e6);

    public long Errors => ConnectErrors + ReadErrors + WriteErrors + StatusErrors + Timeouts;

    /// <summary>Reads the marker line: <c>PURSER-BENCH key=value …</c>.</summary>
    /// <exception cref="FormatException">The line lacks a field.</exception>
    public static WrkResult Parse(string line)
    {
        var fields = line[Marker.Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => long.Parse(p[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), StringComparer.Ordinal);
        long Get(string key) => fields.TryGetValue(key, out long v) ? v : throw new FormatException($"wrk output lacks '{key}': {line}");
        return new WrkResult(
            Get("requests"), Get("duration_us"), Get("connect"), Get("read"), Get("write"), Get("status"), Get("timeout"),
            Get("p50"), Get("p90"), Get("p99"), Get("p999"), Get("max"));
    }
}
