namespace Purser.ResponseState;

/// <summary>How long and how much conversation state of Responses calls Purser keeps (<c>Purser:Responses</c>).</summary>
public sealed class ResponseStateOptions
{
    /// <summary>Days a stored response can be continued (<c>previous_response_id</c>) or read back. Default 30, as OpenAI.</summary>
    public double StateTtlDays { get; set; } = 30;

    /// <summary>Bytes of stored state at most; past it the oldest responses go first (checked at most once a minute). Default 512 MiB.</summary>
    public long StateMaxBytes { get; set; } = 512L * 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        if (!(StateTtlDays > 0) || double.IsInfinity(StateTtlDays))
        {
            yield return $"Purser:Responses:StateTtlDays must be a positive number of days; got {StateTtlDays}.";
        }

        if (StateMaxBytes <= 0)
        {
            yield return $"Purser:Responses:StateMaxBytes must be a positive number of bytes; got {StateMaxBytes}.";
        }
    }
}
