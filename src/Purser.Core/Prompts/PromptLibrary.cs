using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Purser.Prompts;

/// <summary>
/// Purser's prompt library ("system brain"): the shipped prompts, overridden field by field and extended by the user
/// file (<see cref="PromptLibraryOptions.File"/>), reloaded when that file changes. A user file that cannot be read or
/// is invalid never takes the library down: the last good prompts stay in effect and the error is logged and reported
/// in <see cref="Status"/> and <see cref="Reloaded"/>. Thread-safe; reads never block on a reload.
/// </summary>
internal sealed class PromptLibrary : IDisposable
{
    private readonly string? _userFile;
    private readonly bool _watch;
    private readonly TimeSpan _reloadDelay;
    private readonly TimeSpan _checkInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private bool _loadAnnounced;
    private readonly ITimer? _pollTimer;
    private readonly ITimer? _reloadTimer;

    private volatile Snapshot _current;
    private FileStamp _loadedStamp;
    private long _nextCheckTicks;
    private volatile bool _disposed;

    /// <summary>Loads the shipped prompts and the user file; starts watching the file when the options say so.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public PromptLibrary(IOptions<PromptLibraryOptions> options, TimeProvider? timeProvider = null, ILogger<PromptLibrary>? logger = null)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)), timeProvider, logger, pollInBackground: true)
    {
    }

    /// <summary>Tests turn the background poll off to exercise the on-access check alone.</summary>
    internal PromptLibrary(PromptLibraryOptions options, TimeProvider? timeProvider, ILogger? logger, bool pollInBackground)
    {
        string[] problems = [.. options.Validate()];
        if (problems.Length > 0)
        {
            throw new OptionsValidationException(PromptLibraryOptions.SectionName, typeof(PromptLibraryOptions), problems);
        }

        _userFile = string.IsNullOrWhiteSpace(options.File) ? null : Path.GetFullPath(options.File);
        _watch = options.Watch && _userFile is not null;
        _reloadDelay = options.ReloadDelay;
        _checkInterval = options.CheckInterval;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;

        // The shipped prompts are the floor: if the user file is broken from the start, they are what stays in effect.
        DateTimeOffset now = _time.GetUtcNow();
        _current = new Snapshot(PromptFile.Build(null, null), new PromptLibraryStatus(_userFile, false, now, null, null));
        if (_userFile is not null)
        {
            ReloadCore();
        }

        _nextCheckTicks = now.UtcTicks + _checkInterval.Ticks;
        // A poll, not a FileSystemWatcher: the file usually sits in PURSER_HOME next to the database, and a directory
        // watch there is woken by every ledger commit (inotify cannot watch one file of a folder), which cost the
        // gateway a context switch per write. One stat per poll interval costs nothing by comparison.
        if (_watch && pollInBackground && options.PollInterval > TimeSpan.Zero)
        {
            _reloadTimer = _time.CreateTimer(_ => OnReloadTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _pollTimer = _time.CreateTimer(_ => OnPoll(), null, options.PollInterval, options.PollInterval);
        }
    }

    /// <summary>Raised after every reload, successful or not, on the thread that reloaded (a timer thread after a file change event).</summary>
    public event EventHandler<PromptReloadResult>? Reloaded;

    /// <summary>Every prompt in effect, ordered by name.</summary>
    public IReadOnlyList<PromptDefinition> Prompts
    {
        get
        {
            CheckForChange();
            return _current.Prompts.All;
        }
    }

    /// <summary>Where the prompts in effect came from, and the last problem with the user file.</summary>
    public PromptLibraryStatus Status
    {
        get
        {
            CheckForChange();
            return _current.Status;
        }
    }

    /// <summary>The shipped prompt file, as embedded in Purser (a starting point for a user file).</summary>
    public static string ShippedDefaultsJson => PromptFile.ShippedDefaultsJson;

    /// <summary>The JSON schema of prompt files.</summary>
    public static string SchemaJson => PromptFile.SchemaJson;

    /// <summary>The prompt named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="PromptNotFoundException">No prompt has that name; the message lists those that exist.</exception>
    public PromptDefinition Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        CheckForChange();
        PromptSet prompts = _current.Prompts;
        return prompts.TryGet(name, out PromptDefinition? prompt)
            ? prompt
            : throw new PromptNotFoundException(name, prompts.All.Select(p => p.Name));
    }

    /// <summary>Looks a prompt up by name (case-insensitive).</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out PromptDefinition? prompt)
    {
        ArgumentNullException.ThrowIfNull(name);
        CheckForChange();
        return _current.Prompts.TryGet(name, out prompt);
    }

    /// <summary>Renders a prompt's system and user messages with <paramref name="variables"/> (see <see cref="PromptDefinition.Render(IReadOnlyDictionary{string, string})"/>).</summary>
    /// <exception cref="PromptNotFoundException">No prompt has that name.</exception>
    /// <exception cref="MissingPromptVariableException">A variable has neither a value nor a default; the message names it and the prompt.</exception>
    public RenderedPrompt Render(string name, IReadOnlyDictionary<string, string> variables) => Get(name).Render(variables);

    /// <summary>Reads the user file again now, whatever its write time says, and raises <see cref="Reloaded"/>.</summary>
    public PromptReloadResult Reload()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        PromptReloadResult result = ReloadCore();
        OnReloaded(result);
        return result;
    }

    /// <summary>The user file's text as it is now; null when no user file is configured or it does not exist yet.</summary>
    public string? ReadUserFile()
    {
        if (_userFile is null || !File.Exists(_userFile))
        {
            return null;
        }

        return ReadShared(_userFile);
    }

    /// <summary>
    /// Replaces the user file with <paramref name="json"/> once it has been checked as the library would load it (a file
    /// that would be rejected is never written), then reloads. Returns the error, naming the prompt and field, or null.
    /// </summary>
    public string? SaveUserFile(string json)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_userFile is null)
        {
            return "No prompt file is configured (Purser:Prompts:File is empty), so there is nowhere to save.";
        }

        try
        {
            PromptFile.Build(json, _userFile);
        }
        catch (PromptFileException ex)
        {
            return ex.Message;
        }

        string temporary = _userFile + ".saving";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_userFile)!);
            File.WriteAllText(temporary, json);
            File.Move(temporary, _userFile, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{_userFile}: cannot write the file: {ex.Message}";
        }

        PromptReloadResult result = Reload();
        return result.Succeeded ? null : result.Error;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _pollTimer?.Dispose();
        _reloadTimer?.Dispose();
    }

    private PromptReloadResult ReloadCore()
    {
        lock (_reloadLock)
        {
            Snapshot previous = _current;
            DateTimeOffset now = _time.GetUtcNow();
            if (_userFile is null)
            {
                return new PromptReloadResult(true, false, null, now);
            }

            FileStamp stamp = FileStamp.Read(_userFile);
            string? json = null;
            if (stamp.Exists)
            {
                try
                {
                    json = ReadShared(_userFile);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The stamp is left as it was, so the next check tries again.
                    return Reject(previous, $"{_userFile}: cannot read the file: {ex.Message}", now);
                }
            }

            _loadedStamp = stamp;
            PromptSet prompts;
            try
            {
                prompts = PromptFile.Build(json, _userFile);
            }
            catch (PromptFileException ex)
            {
                return Reject(previous, ex.Message, now);
            }

            _current = new Snapshot(prompts, new PromptLibraryStatus(_userFile, stamp.Exists, now, null, null));
            bool changed = !prompts.SameAs(previous.Prompts);
            // Said once at start and then only when the prompts change: a periodic resync (shared storage) that finds
            // the same prompts would otherwise log this every few seconds.
            if (changed || !_loadAnnounced)
            {
                _loadAnnounced = true;
                PromptLibraryLog.Loaded(
                    _logger,
                    prompts.All.Count,
                    prompts.All.Count(p => p.Source == PromptSource.Overridden),
                    prompts.All.Count(p => p.Source == PromptSource.User),
                    stamp.Exists ? _userFile : $"{_userFile} (absent)");
            }

            return new PromptReloadResult(true, changed, null, now);
        }
    }

    private PromptReloadResult Reject(Snapshot previous, string error, DateTimeOffset now)
    {
        _current = previous with { Status = previous.Status with { LastError = error, LastErrorAt = now } };
        PromptLibraryLog.Rejected(_logger, error);
        return new PromptReloadResult(false, false, error, now);
    }

    private static string ReadShared(string path)
    {
        // Editors and the writer may still hold the file: read what is there without locking them out.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The fallback for file systems whose change events get lost: at most once per check interval, compare the file's
    /// write time and size with those of the loaded version, and reload when they differ.
    /// </summary>
    private void CheckForChange()
    {
        if (!_watch || _checkInterval <= TimeSpan.Zero || _disposed)
        {
            return;
        }

        long now = _time.GetUtcNow().UtcTicks;
        long due = Interlocked.Read(ref _nextCheckTicks);
        if (now < due || Interlocked.CompareExchange(ref _nextCheckTicks, now + _checkInterval.Ticks, due) != due)
        {
            return;
        }

        FileStamp stamp = FileStamp.Read(_userFile!);
        bool changed;
        lock (_reloadLock)
        {
            changed = stamp != _loadedStamp;
        }

        if (changed)
        {
            OnReloaded(ReloadCore());
        }
    }

    private void OnPoll()
    {
        if (_disposed)
        {
            return;
        }

        FileStamp stamp = FileStamp.Read(_userFile!);
        bool changed;
        lock (_reloadLock)
        {
            changed = stamp != _loadedStamp;
        }

        if (changed)
        {
            // Debounce: reload after ReloadDelay, so a save still being written is read once it is whole.
            _reloadTimer?.Change(_reloadDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnReloadTimer()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            OnReloaded(ReloadCore());
        }
#pragma warning disable CA1031 // A timer callback must not throw: that would end the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PromptLibraryLog.ReloadFailed(_logger, ex);
        }
    }

    private void OnReloaded(PromptReloadResult result)
    {
        EventHandler<PromptReloadResult>? handlers = Reloaded;
        if (handlers is null)
        {
            return;
        }

        foreach (EventHandler<PromptReloadResult> handler in handlers.GetInvocationList().Cast<EventHandler<PromptReloadResult>>())
        {
            try
            {
                handler(this, result);
            }
#pragma warning disable CA1031 // One subscriber's bug must not stop the others or the reload.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PromptLibraryLog.HandlerFailed(_logger, ex);
            }
        }
    }

    private sealed record Snapshot(PromptSet Prompts, PromptLibraryStatus Status);
}
