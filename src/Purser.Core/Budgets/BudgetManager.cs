using System.Text.Json;
using Purser.Configuration;

namespace Purser.Budgets;

/// <summary>
/// The set of budgets: those of the configuration file (read-only) and those in the store (managed by
/// <c>purser budget set|remove</c> and the admin API). Loads them into the <see cref="BudgetTracker"/> on first use
/// and whenever they change.
/// </summary>
internal sealed class BudgetManager
{
    private readonly IReadOnlyList<BudgetDefinition> _configured;
    private readonly IBudgetStore _store;
    private readonly BudgetTracker _tracker;
    private readonly Lock _lock = new();
    private string? _applied;
    private int _loaded;

    private readonly Sharing.ISharedChanges? _changes;

    /// <param name="options">The configuration (its budgets are read-only).</param>
    /// <param name="store">The stored budgets.</param>
    /// <param name="tracker">Where budgets are counted.</param>
    /// <param name="changes">With a database other instances share: where a budget set or removed here is announced.</param>
    public BudgetManager(PurserOptions options, IBudgetStore store, BudgetTracker tracker, Sharing.ISharedChanges? changes = null)
    {
        _changes = changes;
        var errors = new List<string>();
        _configured = [.. options.Budgets.Items
            .Select(item => BudgetDefinitionParser.Parse(item.Key, item.Value, $"Purser:Budgets:Items:{item.Key}", BudgetSource.Configuration, errors))
            .OfType<BudgetDefinition>()];
        if (errors.Count > 0)
        {
            throw new PurserConfigurationException(errors);
        }

        _store = store;
        _tracker = tracker;
    }

    /// <summary>Loads the budgets (and rebuilds their spend from the ledger) unless already done. Cheap after the first call.</summary>
    public void EnsureLoaded()
    {
        if (Volatile.Read(ref _loaded) == 1)
        {
            return;
        }

        lock (_lock)
        {
            if (_loaded == 0)
            {
                ReloadLocked();
                Volatile.Write(ref _loaded, 1);
            }
        }
    }

    /// <summary>Rereads the stored budgets and applies them when anything changed (the gateway calls this on a timer).</summary>
    public void Reload()
    {
        lock (_lock)
        {
            ReloadLocked();
            Volatile.Write(ref _loaded, 1);
        }
    }

    /// <summary>Every budget, configuration first.</summary>
    public IReadOnlyList<BudgetDefinition> List()
    {
        EnsureLoaded();
        return _tracker.Definitions;
    }

    public IReadOnlyList<BudgetStatus> Status()
    {
        EnsureLoaded();
        return _tracker.Status();
    }

    /// <summary>Creates or replaces a stored budget.</summary>
    public BudgetChange Set(string name, BudgetItemOptions item)
    {
        lock (_lock)
        {
            if (_configured.Any(d => d.Name == name))
            {
                return BudgetChange.Failed(BudgetChangeOutcome.Conflict, $"Budget '{name}' is defined in the configuration (Purser:Budgets:Items:{name}); change it there.");
            }

            var errors = new List<string>();
            BudgetDefinition? definition = BudgetDefinitionParser.Parse(name, item, $"budget '{name}'", BudgetSource.Store, errors);
            if (definition is null)
            {
                return new BudgetChange(BudgetChangeOutcome.Invalid, null, errors);
            }

            List<BudgetDefinition> set = [.. Load().Where(d => d.Name != name), definition];
            BudgetDefinitionParser.ValidateSet(set, d => $"budget '{d.Name}'", errors);
            if (errors.Count > 0)
            {
                return new BudgetChange(BudgetChangeOutcome.Invalid, null, errors);
            }

            _store.Upsert(name, item);
            ReloadLocked();
            _changes?.Publish(Sharing.SharedTopics.Budgets);
            return new BudgetChange(BudgetChangeOutcome.Done, definition, []);
        }
    }

    /// <summary>Removes a stored budget.</summary>
    public BudgetChange Remove(string name)
    {
        lock (_lock)
        {
            if (_configured.Any(d => d.Name == name))
            {
                return BudgetChange.Failed(BudgetChangeOutcome.Conflict, $"Budget '{name}' is defined in the configuration (Purser:Budgets:Items:{name}); remove it there.");
            }

            List<BudgetDefinition> set = Load();
            if (set.FirstOrDefault(d => d.Name == name) is not { } removed)
            {
                return BudgetChange.Failed(BudgetChangeOutcome.NotFound, $"There is no budget named '{name}'.");
            }

            if (set.FirstOrDefault(d => d.Parent == name) is { } child)
            {
                return BudgetChange.Failed(BudgetChangeOutcome.Invalid, $"Budget '{child.Name}' takes its share from '{name}'; remove or change it first.");
            }

            _store.Delete(name);
            ReloadLocked();
            _changes?.Publish(Sharing.SharedTopics.Budgets);
            return new BudgetChange(BudgetChangeOutcome.Done, removed, []);
        }
    }

    private void ReloadLocked()
    {
        List<BudgetDefinition> set = Load();
        string signature = JsonSerializer.Serialize(set.Select(d => new KeyValuePair<string, BudgetItemOptions>(d.Name, d.ToOptions())).ToList(), BudgetJsonContext.Default.ListKeyValuePairStringBudgetItemOptions);
        if (signature == _applied)
        {
            return;
        }

        _tracker.Apply(set);
        _applied = signature;
    }

    /// <summary>Configuration budgets, then stored ones (a stored budget that no longer fits the set is skipped).</summary>
    private List<BudgetDefinition> Load()
    {
        var set = new List<BudgetDefinition>(_configured);
        foreach (var (name, item) in _store.List())
        {
            if (set.Any(d => d.Name == name))
            {
                continue;
            }

            var errors = new List<string>();
            if (BudgetDefinitionParser.Parse(name, item, $"budget '{name}'", BudgetSource.Store, errors) is { } definition)
            {
                set.Add(definition);
            }
        }

        var invalid = new List<string>();
        BudgetDefinitionParser.ValidateSet(set, d => d.Name, invalid);
        return invalid.Count == 0 ? set : [.. set.Where(d => d.Source == BudgetSource.Configuration || !invalid.Any(e => e.StartsWith(d.Name + ":", StringComparison.Ordinal)))];
    }
}
