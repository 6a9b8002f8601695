namespace Purser.Errors;

/// <summary>
/// The database cannot be used (its file was deleted or replaced while Purser ran): the gateway answers 503 with
/// the message rather than touch a file that is not the one it opened.
/// </summary>
internal sealed class StorageUnavailableException(string message) : IOException(message);
