using Microsoft.Extensions.Logging;
using Purser.Prompts;

namespace Purser.Sharing;

/// <summary>
/// Keeps the prompt library's user file the same on every instance of a shared database. A change this instance makes
/// to its file (PUT /api/prompts/file, or the file edited on its host) is written to the database and announced
/// (<see cref="SharedTopics.Prompts"/>); a change announced by another instance, or found at a resync, is written to this
/// instance's file through <see cref="PromptLibrary.SaveUserFile"/>, so it is checked and in effect at once. At start the
/// database's file wins over the local one; the first instance with a file of its own shares it.
/// </summary>
internal sealed partial class SharedPrompts
{
    private readonly PromptLibrary _library;
    private readonly IPromptFileStore _store;
    private readonly ISharedChanges _changes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();

    // The text this instance and the database agree on; a local file with other text is an edit to share.
    private string? _shared;

    // A local edit the database could not take yet: shared at the next resync rather than overwritten by the old text.
    private bool _unshared;

    public SharedPrompts(PromptLibrary library, IPromptFileStore store, ISharedChanges changes, TimeProvider time, ILogger<SharedPrompts> logger)
    {
        _library = library;
        _store = store;
        _changes = changes;
        _time = time;
        _logger = logger;
    }

    /// <summary>Takes the database's file (or shares this instance's), then shares every local change.</summary>
    public void Start()
    {
        _library.Reloaded += OnReloaded;
        try
        {
            Apply();
        }
        catch (Errors.StorageUnavailableException ex)
        {
            LogNotShared(_logger, ex); // the next resync tries again
        }
    }

    /// <summary>Stops sharing this instance's changes.</summary>
    public void Stop() => _library.Reloaded -= OnReloaded;

    /// <summary>Brings this instance's file in line with the database's (a notice, a resync); a local edit not yet shared is shared first.</summary>
    public void Apply()
    {
        lock (_lock)
        {
            string? local = LocalText();
            string? shared = _unshared ? null : _store.Read();
            if (shared is null)
            {
                Share(local); // an edit the database could not take, or the first instance with a file of its own
                return;
            }

            _shared = shared; // set before the save: the reload it raises must not share the text back
            if (!string.Equals(shared, local, StringComparison.Ordinal) && _library.SaveUserFile(shared) is { } error)
            {
                LogNotApplied(_logger, error);
            }
        }
    }

    private void OnReloaded(object? sender, PromptReloadResult result)
    {
        if (!result.Succeeded || !result.Changed)
        {
            return;
        }

        lock (_lock)
        {
            string? local = LocalText();
            if (local is not null && !string.Equals(local, _shared, StringComparison.Ordinal))
            {
                Share(local);
            }
        }
    }

    private void Share(string? local)
    {
        if (local is null)
        {
            _unshared = false;
            return;
        }

        try
        {
            _store.Write(local, _time.GetUtcNow());
            _shared = local;
            _unshared = false;
            _changes.Publish(SharedTopics.Prompts);
        }
        catch (Errors.StorageUnavailableException ex)
        {
            _unshared = true;
            LogNotShared(_logger, ex);
        }
    }

    private string? LocalText()
    {
        try
        {
            return _library.ReadUserFile();
        }
        catch (IOException)
        {
            return null; // being replaced: the reload that follows reads it
        }
    }

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "The prompt file shared by another instance was not applied here: {Error}")]
    private static partial void LogNotApplied(ILogger logger, string error);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "The prompt file edited here could not be shared with the other instances yet (the database cannot be reached); it is shared at the next resync")]
    private static partial void LogNotShared(ILogger logger, Exception exception);
}
