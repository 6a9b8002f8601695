namespace Purser.ResponseState;

/// <summary>
/// One stored Responses call: the input items this call added (a JSON array) and the response object it answered
/// with (JSON, its <c>output</c> being the items the model added). Earlier turns are in the stored response
/// <see cref="PreviousResponseId"/> names, so a conversation costs its items once, not once per turn.
/// </summary>
internal sealed record StoredResponse(
    string Id,
    string? PreviousResponseId,
    string? KeyId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    byte[] Input,
    byte[] Response)
{
    /// <summary>The bytes it takes, for the size cap.</summary>
    public long Bytes => Input.LongLength + Response.LongLength;
}
