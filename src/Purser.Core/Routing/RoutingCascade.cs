using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Purser.Configuration;
using Purser.Prompts;

namespace Purser.Routing;

/// <summary>
/// The three-level configuration cascade — system defaults → project → agent (→ the project's own entry for the
/// agent) — from two layers: the configuration (<c>Purser:Routing</c>) and the imported cascade file
/// (<c>purser config import</c>, default <c>&lt;PURSER_HOME&gt;/routing.json</c>), whose values win scope by scope.
/// The file is re-read when it changes (checked at most once a second), so an import reaches a running gateway.
/// </summary>
internal sealed partial class RoutingCascade
{
    /// <summary>The label of the configuration layer in <see cref="EffectiveCascade.Sources"/>.</summary>
    public const string ConfigurationLayer = "configuration";

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private readonly PurserOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CascadeDocument _configuration;
    private readonly Lock _reloadLock = new();
    private volatile FileLayer _file;
    private long _nextCheckTicks;

    public RoutingCascade(PurserOptions options, TimeProvider time, ILogger<RoutingCascade> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        RoutingOptions routing = options.Routing;
        _configuration = new CascadeDocument { System = routing.Defaults, Projects = routing.Projects, Agents = routing.Agents };
        FilePath = routing.CascadeFile is { Length: > 0 } file ? file : options.Home is { Length: > 0 } home ? Path.Combine(home, "routing.json") : null;
        _file = Load(FilePath, null);
        _nextCheckTicks = time.GetUtcNow().UtcTicks + CheckInterval.Ticks;
    }

    /// <summary>The imported cascade file (null when there is no data folder).</summary>
    public string? FilePath { get; }

    /// <summary>Why the cascade file could not be used (it is then ignored), or null.</summary>
    public string? FileError => Current.Error;

    private string FileLabel => FilePath is null ? "file" : Path.GetFileName(FilePath);

    private FileLayer Current
    {
        get
        {
            long now = _time.GetUtcNow().UtcTicks;
            if (FilePath is not null && now >= Interlocked.Read(ref _nextCheckTicks))
            {
                Interlocked.Exchange(ref _nextCheckTicks, now + CheckInterval.Ticks);
                FileStamp stamp = FileStamp.Read(FilePath);
                if (stamp != _file.Stamp)
                {
                    lock (_reloadLock)
                    {
                        if (stamp != _file.Stamp)
                        {
                            _file = Load(FilePath, _file);
                        }
                    }
                }
            }

            return _file;
        }
    }

    /// <summary>The cascade for <paramref name="project"/> and <paramref name="agent"/> (either may be null).</summary>
    public EffectiveCascade Resolve(string? project, string? agent)
    {
        CascadeDocument file = Current.Document;
        var candidates = new List<(CascadeSettings Settings, string Source)>(8);
        string fileLabel = FileLabel;

        void Add(CascadeSettings? settings, string scope, string layer)
        {
            if (settings is not null)
            {
                candidates.Add((settings, $"{scope} ({layer})"));
            }
        }

        CascadeSettings? fileProject = project is null ? null : Find(file.Projects, project);
        CascadeSettings? configProject = project is null ? null : Find(_configuration.Projects, project);
        if (project is not null && agent is not null)
        {
            Add(Find(fileProject?.Agents, agent), $"project {project}, agent {agent}", fileLabel);
            Add(Find(configProject?.Agents, agent), $"project {project}, agent {agent}", ConfigurationLayer);
        }

        if (agent is not null)
        {
            Add(Find(file.Agents, agent), $"agent {agent}", fileLabel);
            Add(Find(_configuration.Agents, agent), $"agent {agent}", ConfigurationLayer);
        }

        int projectStart = candidates.Count;
        Add(fileProject, $"project {project}", fileLabel);
        Add(configProject, $"project {project}", ConfigurationLayer);
        int systemStart = candidates.Count;
        Add(file.System, "system", fileLabel);
        Add(_configuration.System, "system", ConfigurationLayer);

        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        T? Pick<T>(string name, Func<CascadeSettings, T?> read)
            where T : class
        {
            foreach (var (settings, source) in candidates)
            {
                if (read(settings) is { } value)
                {
                    sources[name] = source;
                    return value;
                }
            }

            return null;
        }

        TValue? PickValue<TValue>(string name, Func<CascadeSettings, TValue?> read)
            where TValue : struct
        {
            foreach (var (settings, source) in candidates)
            {
                if (read(settings) is { } value)
                {
                    sources[name] = source;
                    return value;
                }
            }

            return null;
        }

        string? model = Pick("model", s => s.Model?.Trim());
        if (model is null)
        {
            model = RoutingDefaults.DefaultModel;
            sources["model"] = "built-in default";
        }

        string? addition = Pick("promptAddition", s => s.PromptAddition);
        var effective = new EffectiveCascade
        {
            Project = project,
            Agent = agent,
            Model = model,
            Provider = Pick("provider", s => s.Provider?.Trim()),
            PromptAddition = string.IsNullOrWhiteSpace(addition) ? null : addition,
            Temperature = PickValue("temperature", s => s.Temperature),
            MaxTokens = PickValue("maxTokens", s => s.MaxTokens),
            BudgetShare = Share(candidates, projectStart, systemStart, sources, out decimal? projectShare, out decimal? agentShare),
            ProjectShare = projectShare,
            AgentShare = agentShare,
            Sources = sources,
        };
        return effective;
    }

    /// <summary>
    /// The effective share of the global budget: the project's share times the agent's share (each from the nearest
    /// scope that sets it; agent entries are those before <paramref name="projectStart"/>).
    /// </summary>
    private static decimal Share(List<(CascadeSettings Settings, string Source)> candidates, int projectStart, int systemStart, Dictionary<string, string> sources, out decimal? projectShare, out decimal? agentShare)
    {
        projectShare = null;
        agentShare = null;
        decimal share = 1m;
        var parts = new List<string>(2);
        for (int i = 0; i < projectStart; i++)
        {
            if (candidates[i].Settings.BudgetShare is decimal agent)
            {
                share *= agent;
                agentShare = agent;
                parts.Add($"{candidates[i].Source} {agent.ToString(CultureInfo.InvariantCulture)}");
                break;
            }
        }

        for (int i = projectStart; i < systemStart; i++)
        {
            if (candidates[i].Settings.BudgetShare is decimal project)
            {
                share *= project;
                projectShare = project;
                parts.Insert(0, $"{candidates[i].Source} {project.ToString(CultureInfo.InvariantCulture)}");
                break;
            }
        }

        sources["budgetShare"] = parts.Count == 0 ? "built-in default (the whole budget)" : string.Join(" × ", parts);
        return share;
    }

    /// <summary>Configuration and file merged (the file's values win, field by field): what <c>purser config export</c> prints.</summary>
    public CascadeDocument Export() => Merge(_configuration, Current.Document);

    /// <summary>The document as JSON (camelCase, nulls left out).</summary>
    public static string ToJson(CascadeDocument document) => JsonSerializer.Serialize(Compact(document), CascadeJsonContext.Default.CascadeDocument);

    /// <summary>Parses and validates a cascade document.</summary>
    /// <exception cref="PurserConfigurationException">Malformed JSON or invalid values; each error names its path.</exception>
    public static CascadeDocument Parse(string json, PurserOptions options, string name = "the cascade")
    {
        CascadeDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, CascadeJsonContext.Default.CascadeDocument);
        }
        catch (JsonException ex)
        {
            throw new PurserConfigurationException([$"{name}: not a cascade document ({ex.Message})"]);
        }

        if (document is null)
        {
            throw new PurserConfigurationException([$"{name}: the document is empty (null)."]);
        }

        var errors = new List<string>();
        CascadeValidator.Validate(document, "", '.', options, errors);
        if (errors.Count > 0)
        {
            throw new PurserConfigurationException([.. errors.Select(e => $"{name}: {e}")]);
        }

        return document;
    }

    /// <summary>
    /// Stores <paramref name="document"/> as the cascade file: replacing it, or with <paramref name="merge"/> merged into
    /// it (the document's values win). Written to a temporary file and moved into place, so a reader never sees half.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no data folder to keep the file in.</exception>
    public CascadeDocument Import(CascadeDocument document, bool merge)
    {
        string path = FilePath ?? throw new InvalidOperationException("There is no data folder (PURSER_HOME) to keep the imported cascade in.");
        CascadeDocument stored = merge ? Merge(Current.Document, document) : document;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, ToJson(stored));
        File.Move(temporary, path, overwrite: true);
        lock (_reloadLock)
        {
            _file = Load(path, _file);
        }

        return stored;
    }

    private FileLayer Load(string? path, FileLayer? previous)
    {
        if (path is null)
        {
            return FileLayer.None;
        }

        FileStamp stamp = FileStamp.Read(path);
        if (!stamp.Exists)
        {
            return new FileLayer(new CascadeDocument(), stamp, null);
        }

        try
        {
            CascadeDocument document = Parse(File.ReadAllText(path), _options, Path.GetFileName(path));
            LogLoaded(_logger, path);
            return new FileLayer(document, stamp, null);
        }
        catch (Exception ex) when (ex is PurserConfigurationException or IOException or UnauthorizedAccessException)
        {
            string error = ex is PurserConfigurationException config ? string.Join(" ", config.Errors) : ex.Message;
            LogInvalid(_logger, path, error);

            // Keep what was in force; a first load that fails leaves the file out.
            return new FileLayer(previous?.Document ?? new CascadeDocument(), stamp, error);
        }
    }

    private static CascadeSettings? Find(Dictionary<string, CascadeSettings>? map, string name)
    {
        if (map is null)
        {
            return null;
        }

        if (map.TryGetValue(name, out CascadeSettings? found))
        {
            return found;
        }

        foreach (var (key, value) in map)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static CascadeDocument Merge(CascadeDocument under, CascadeDocument over) => new()
    {
        System = MergeSettings(under.System, over.System),
        Projects = MergeMaps(under.Projects, over.Projects),
        Agents = MergeMaps(under.Agents, over.Agents),
    };

    private static Dictionary<string, CascadeSettings>? MergeMaps(Dictionary<string, CascadeSettings>? under, Dictionary<string, CascadeSettings>? over)
    {
        if (under is not { Count: > 0 } && over is not { Count: > 0 })
        {
            return null;
        }

        var merged = new Dictionary<string, CascadeSettings>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, settings) in under ?? [])
        {
            merged[name] = MergeSettings(null, settings)!;
        }

        foreach (var (name, settings) in over ?? [])
        {
            merged[name] = MergeSettings(Find(merged, name), settings)!;
        }

        return merged;
    }

    private static CascadeSettings? MergeSettings(CascadeSettings? under, CascadeSettings? over)
    {
        if (under is null && over is null)
        {
            return null;
        }

        return new CascadeSettings
        {
            Model = over?.Model ?? under?.Model,
            Provider = over?.Provider ?? under?.Provider,
            PromptAddition = over?.PromptAddition ?? under?.PromptAddition,
            Temperature = over?.Temperature ?? under?.Temperature,
            MaxTokens = over?.MaxTokens ?? under?.MaxTokens,
            BudgetShare = over?.BudgetShare ?? under?.BudgetShare,
            Agents = MergeMaps(under?.Agents, over?.Agents),
        };
    }

    /// <summary>Leaves out empty scopes and maps, and sorts names, so an export is stable and round-trips.</summary>
    private static CascadeDocument Compact(CascadeDocument document)
    {
        static CascadeSettings? One(CascadeSettings? s) => s is null || s.IsEmpty ? null : new CascadeSettings
        {
            Model = s.Model,
            Provider = s.Provider,
            PromptAddition = s.PromptAddition,
            Temperature = s.Temperature,
            MaxTokens = s.MaxTokens,
            BudgetShare = s.BudgetShare,
            Agents = Map(s.Agents),
        };

        static Dictionary<string, CascadeSettings>? Map(Dictionary<string, CascadeSettings>? map)
        {
            if (map is null)
            {
                return null;
            }

            var sorted = new Dictionary<string, CascadeSettings>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, settings) in map.OrderBy(m => m.Key, StringComparer.OrdinalIgnoreCase))
            {
                if (One(settings) is { } kept)
                {
                    sorted[name] = kept;
                }
            }

            return sorted.Count == 0 ? null : sorted;
        }

        return new CascadeDocument { System = One(document.System), Projects = Map(document.Projects), Agents = Map(document.Agents) };
    }

    private sealed record FileLayer(CascadeDocument Document, FileStamp Stamp, string? Error)
    {
        public static FileLayer None { get; } = new(new CascadeDocument(), default, null);
    }

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Loaded the routing cascade from {Path}")]
    private static partial void LogLoaded(ILogger logger, string path);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Error, Message = "The routing cascade file {Path} is invalid and is not used: {Error}")]
    private static partial void LogInvalid(ILogger logger, string path, string error);
}
