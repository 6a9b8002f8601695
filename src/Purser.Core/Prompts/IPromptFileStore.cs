namespace Purser.Prompts;

/// <summary>
/// The prompt library's user file as the instances sharing one database hold it (PostgreSQL: table prompt_library), so a
/// prompt edited on one instance is in effect on all of them (<see cref="Sharing.SharedPrompts"/>).
/// </summary>
internal interface IPromptFileStore
{
    /// <summary>The shared user file's text; null when no instance has shared one yet.</summary>
    /// <exception cref="Errors.StorageUnavailableException">The database cannot be reached.</exception>
    string? Read();

    /// <summary>Makes <paramref name="json"/> (already checked by the library) the shared user file.</summary>
    /// <exception cref="Errors.StorageUnavailableException">The database cannot be reached.</exception>
    void Write(string json, DateTimeOffset at);
}
