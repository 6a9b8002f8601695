using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Purser.Alerts;
using Purser.Ledger;
using Purser.Pipeline;

namespace Purser.Budgets;

/// <summary>
/// The budgets in memory: spend and reservations per budget window, tiers and alerts. Every check and change takes
/// one short lock, so a reservation against all the budgets of a call is atomic: no hard budget is ever promised
/// more than its limit, however many calls race. Nothing here touches the database on the request path; spend is
/// rebuilt from the ledger when budgets are loaded (at start, or when a budget is added or changed), and the calls in
/// flight then keep their reservations on the rebuilt budgets, and those that finish meanwhile their cost.
/// Each hard global budget also has budgets derived from it for the routing cascade's budget shares
/// (<see cref="BudgetShares"/>), created as calls with a share arrive.
/// </summary>
internal sealed class BudgetTracker
{
    private readonly Lock _lock = new();
    private readonly BudgetOptions _options;
    private readonly TimeProvider _time;
    private readonly IBudgetSpendStore _spend;
    private readonly IAlertStore _alertStore;
    private readonly IAlertSink _alerts;
    private readonly ILogger _logger;
    private readonly BudgetTiers _tiers;
    private readonly BudgetAlertLevels _levels;
    private readonly ReservationLeases _leases;
    private readonly LedgerWriter? _ledger;

    private readonly Dictionary<string, BudgetDefinition> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, string Value), BudgetCounter> _counters = [];
    private readonly Dictionary<string, Baseline> _baselines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _allocated = new(StringComparer.Ordinal);
    private BudgetDefinition[] _definitions = [];
    private Dictionary<string, (BudgetDefinition Project, BudgetDefinition Agent)> _derived = new(StringComparer.Ordinal);

    /// <summary>While budgets are rebuilt from the ledger: what calls settled meanwhile (charged again to the rebuilt budgets).</summary>
    private List<Settlement>? _journal;
    private int _rebuilding;
    private const int PruneEvery = 1024;

    private int _createdSincePrune;

    /// <param name="options">Budget options.</param>
    /// <param name="alertOptions">Alert levels.</param>
    /// <param name="time">The clock.</param>
    /// <param name="spend">The ledger's spend, for rebuilding budgets.</param>
    /// <param name="alertStore">Alerts already fired.</param>
    /// <param name="alerts">Where alerts go.</param>
    /// <param name="logger">The log.</param>
    /// <param name="ledger">The ledger writer, flushed before spend is rebuilt so calls just answered are in what is read.</param>
    public BudgetTracker(BudgetOptions options, AlertOptions alertOptions, TimeProvider time, IBudgetSpendStore spend, IAlertStore alertStore, IAlertSink alerts, ILogger<BudgetTracker> logger, LedgerWriter? ledger = null)
    {
        _ledger = ledger;
        _options = options;
        _time = time;
        _spend = spend;
        _alertStore = alertStore;
        _alerts = alerts;
        _logger = logger;
        Zone = BudgetTimeZone.TryResolve(options.TimeZone, time, out TimeZoneInfo zone) ? zone : TimeZoneInfo.Utc;
        _tiers = new BudgetTiers(options.Tiers);
        _levels = new BudgetAlertLevels(alertOptions, Zone);
        _leases = new ReservationLeases(TimeSpan.FromSeconds(options.ReservationLeaseSeconds), logger);
    }

    /// <summary>The zone windows are aligned in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// Set when budgets are shared by several instances (<see cref="SharedBudgets"/>): hard budgets are then decided by
    /// the shared counters in the database, and the counters here only mirror them (tiers, status, alerts).
    /// </summary>
    internal bool Shared { get; set; }

    public IReadOnlyList<BudgetDefinition> Definitions => Volatile.Read(ref _definitions);

    public bool HasBudgets => Volatile.Read(ref _definitions).Length > 0;

    /// <summary>Reservations not yet reconciled or expired.</summary>
    public int ActiveReservations
    {
        get
        {
            lock (_lock)
            {
                return _leases.Count;
            }
        }
    }

    /// <summary>
    /// Replaces the set of budgets. A budget that counts as before keeps its spend and reservations (a new limit
    /// applies at once); a new one, or one that now counts differently, has its spend for the current window rebuilt
    /// from the ledger (and its fired alerts from the alert table). Calls in flight keep their reservations: each is
    /// re-resolved against the new budgets and held on the rebuilt ones, and calls that finish while the ledger is read
    /// are charged to them too. Reads the database: call it off the request path.
    /// </summary>
    public void Apply(IReadOnlyList<BudgetDefinition> definitions)
    {
        long started = Stopwatch.GetTimestamp();
        DateTimeOffset now = _time.GetUtcNow();
        List<BudgetAlert>? alerts = null;
        var derived = new Dictionary<string, (BudgetDefinition Project, BudgetDefinition Agent)>(StringComparer.Ordinal);
        foreach (BudgetDefinition definition in definitions)
        {
            if (definition.Scope == BudgetScope.Global && definition.IsHard)
            {
                derived[definition.Name] = BudgetShares.Derive(definition);
            }
        }

        List<BudgetDefinition> all = [.. definitions, .. derived.Values.SelectMany(d => new[] { d.Project, d.Agent })];
        Dictionary<string, BudgetDefinition> current;
        lock (_lock)
        {
            current = new Dictionary<string, BudgetDefinition>(_byName, StringComparer.Ordinal);
            _journal ??= [];
            _rebuilding++;
        }

        List<Settlement> journal;
        var loaded = new Dictionary<string, Baseline>(StringComparer.Ordinal);
        try
        {
            if (all.Any(d => !current.TryGetValue(d.Name, out BudgetDefinition? before) || !before.CountsLike(d)))
            {
                FlushLedger();
            }

            foreach (BudgetDefinition definition in all)
            {
                if (current.TryGetValue(definition.Name, out BudgetDefinition? before) && before.CountsLike(definition))
                {
                    continue;
                }

                BudgetPeriod period = PeriodOf(definition, now);
                IReadOnlyDictionary<string, long> spend = _spend.SpendByValue(definition, period.Start, period.End);
                IReadOnlyDictionary<string, long> unpriced = definition.Unit == BudgetUnit.Usd && !definition.IsHard
                    ? _spend.UnpricedCallsByValue(definition, period.Start, period.End)
                    : Empty;
                IReadOnlyDictionary<string, IReadOnlySet<int>> fired = _alertStore.FiredLevels(definition.Name, period.Start);
                loaded[definition.Name] = new Baseline(period, spend, unpriced, fired);
            }
        }
        finally
        {
            lock (_lock)
            {
                journal = _journal ?? [];
                if (--_rebuilding == 0)
                {
                    _journal = null;
                }
            }
        }

        lock (_lock)
        {
            var names = all.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var key in _counters.Keys.ToList())
            {
                if (!names.Contains(key.Name) || loaded.ContainsKey(key.Name))
                {
                    _counters.Remove(key);
                }
            }

            foreach (string name in _baselines.Keys.ToList())
            {
                if (!names.Contains(name))
                {
                    _baselines.Remove(name);
                }
            }

            foreach (var (name, baseline) in loaded)
            {
                _baselines[name] = baseline;
            }

            _byName.Clear();
            foreach (BudgetDefinition definition in all)
            {
                _byName[definition.Name] = definition;
            }

            Volatile.Write(ref _definitions, [.. definitions]);
            Volatile.Write(ref _derived, derived);
            ResetAllocations();
            foreach (BudgetCounter counter in _counters.Values)
            {
                counter.Definition = _byName[counter.Definition.Name];
                counter.Limit = LimitOf(counter.Definition, counter.Share);
            }

            // Counters for what the ledger already holds, so status shows every value with spend this window.
            foreach (var (name, baseline) in loaded)
            {
                BudgetDefinition definition = _byName[name];
                if (definition.ShareOf is not null)
                {
                    continue; // a share's counters are made by the calls that have the share (they know its fraction)
                }

                if (!definition.IsPerValue)
                {
                    CounterFor(definition, definition.Match ?? "", now);
                }

                foreach (string value in baseline.Spend.Keys.Concat(baseline.Fired.Keys).Concat(baseline.Unpriced.Keys))
                {
                    if (definition.IsPerValue || string.Equals(value, definition.Match ?? "", StringComparison.Ordinal))
                    {
                        CounterFor(definition, value, now);
                    }
                }
            }

            if (loaded.Count > 0)
            {
                // Calls in flight keep what they hold: on the rebuilt budgets, as they resolve against the new set.
                foreach (BudgetReservation reservation in _leases.Active)
                {
                    Rehome(reservation, loaded);
                }

                // Calls that finished while the ledger was read: their cost (charged to the counters just replaced).
                foreach (Settlement settled in journal)
                {
                    foreach (BudgetScopeEntry entry in Resolve(settled.Call.Who, settled.Call.Shares))
                    {
                        if (loaded.ContainsKey(entry.Definition.Name) && Current(entry) is { } definition)
                        {
                            BudgetCounter counter = CounterFor(definition, entry.Value, settled.Call.At, entry.Share);
                            Add(counter, settled.UsdPico, settled.Tokens);
                        }
                    }
                }
            }

            // Levels the ledger's spend already passes fire now (those fired before a restart are in the alert table).
            foreach (BudgetCounter counter in _counters.Values)
            {
                if (loaded.ContainsKey(counter.Definition.Name))
                {
                    _levels.Check(counter, now, ref alerts);
                }
            }
        }

        Publish(alerts);

        BudgetLog.Loaded(_logger, definitions.Count, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Moves a reservation off the counters of budgets that were rebuilt or removed, onto the rebuilt budgets its call
    /// resolves to now (under the lock).
    /// </summary>
    private void Rehome(BudgetReservation reservation, Dictionary<string, Baseline> loaded)
    {
        var counters = new List<BudgetCounter>(reservation.Counters.Length);
        var amounts = new List<long>(reservation.Amounts.Length);
        for (int i = 0; i < reservation.Counters.Length; i++)
        {
            BudgetCounter counter = reservation.Counters[i];
            if (_byName.ContainsKey(counter.Definition.Name) && !loaded.ContainsKey(counter.Definition.Name))
            {
                counters.Add(counter);
                amounts.Add(reservation.Amounts[i]);
            }
        }

        foreach (BudgetScopeEntry entry in Resolve(reservation.Call.Who, reservation.Call.Shares))
        {
            if (loaded.ContainsKey(entry.Definition.Name) && Current(entry) is { } definition)
            {
                BudgetCounter counter = CounterFor(definition, entry.Value, reservation.Call.At, entry.Share);
                long amount = counter.Unit == BudgetUnit.Usd ? reservation.UsdPico : reservation.Tokens;
                counter.Reserved += amount;
                counters.Add(counter);
                amounts.Add(amount);
            }
        }

        reservation.Counters = [.. counters];
        reservation.Amounts = [.. amounts];
    }

    /// <summary>Waits (bounded) for the ledger writer to commit what it holds, so a rebuild reads calls just answered.</summary>
    private void FlushLedger()
    {
        if (_ledger is null)
        {
            return;
        }

        try
        {
            _ledger.FlushAsync().WaitAsync(LedgerFlushWait).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is TimeoutException or ObjectDisposedException or InvalidOperationException or System.Threading.Channels.ChannelClosedException)
        {
            // Rebuild from what is committed: a call that settles meanwhile is in the journal.
        }
    }

    private static readonly TimeSpan LedgerFlushWait = TimeSpan.FromSeconds(5);

    private static readonly IReadOnlyDictionary<string, long> Empty = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>
    /// The budgets that apply to a call: those its attribution matches, and for each hard global budget, the budgets
    /// its shares derive from it (the project's, the project's agent's).
    /// </summary>
    public List<BudgetScopeEntry> Resolve(Attribution who, BudgetShares shares = default)
    {
        List<BudgetScopeEntry> entries = BudgetScopes.Resolve(Definitions, who);
        if (!shares.Any)
        {
            return entries;
        }

        Dictionary<string, (BudgetDefinition Project, BudgetDefinition Agent)> derived = Volatile.Read(ref _derived);
        decimal project = Math.Min(1m, shares.Project ?? 1m);
        decimal agent = Math.Min(1m, shares.Agent ?? 1m);
        int count = entries.Count;
        for (int i = 0; i < count; i++)
        {
            if (!derived.TryGetValue(entries[i].Definition.Name, out var share))
            {
                continue;
            }

            if (project < 1)
            {
                entries.Add(new BudgetScopeEntry(share.Project, who.Project ?? "") { Share = project });
            }

            if (agent < 1)
            {
                entries.Add(new BudgetScopeEntry(share.Agent, BudgetShares.AgentValue(who.Project, who.Agent)) { Share = project * agent });
            }
        }

        return entries;
    }

    /// <summary>The tier of a call: the most severe over the hard budgets in its scope.</summary>
    public TierDecision EvaluateTier(IReadOnlyList<BudgetScopeEntry> scope, DateTimeOffset at)
    {
        var decision = new TierDecision(BudgetTier.Any, null, long.MaxValue, BudgetUnit.Usd);
        lock (_lock)
        {
            _leases.SweepIfDue(_time.GetUtcNow());
            foreach (BudgetScopeEntry entry in scope)
            {
                if (Current(entry) is not { IsHard: true } definition)
                {
                    continue;
                }

                BudgetCounter counter = CounterFor(definition, entry.Value, at, entry.Share);
                BudgetTier tier = _tiers.Of(counter);
                if (tier > decision.Tier || (tier == decision.Tier && decision.Budget is null && tier != BudgetTier.Any))
                {
                    decision = new TierDecision(tier, counter.DisplayName, counter.Available, counter.Unit);
                }
            }
        }

        return decision;
    }

    /// <summary>
    /// Reserves a call's worst case against every budget in its scope, all or nothing. Hard budgets refuse when the
    /// worst case does not fit in what is left after spend and other reservations; soft budgets only count it.
    /// </summary>
    /// <param name="scope">The budgets of the call.</param>
    /// <param name="usdPico">Worst-case cost in pico-dollars (0 when unknown).</param>
    /// <param name="tokens">Worst-case tokens (prompt + max output).</param>
    /// <param name="at">When the call started (picks the window, as the ledger row's time does).</param>
    /// <param name="refusal">Set when a hard budget has no room.</param>
    /// <param name="call">Who the call is for (what a budget rebuilt while it runs resolves it against); by default global only.</param>
    public BudgetReservation? TryReserve(IReadOnlyList<BudgetScopeEntry> scope, long usdPico, long tokens, DateTimeOffset at, out BudgetRefusal? refusal, BudgetCallScope? call = null)
    {
        refusal = null;
        List<BudgetAlert>? alerts = null;
        BudgetReservation? reservation = null;
        lock (_lock)
        {
            DateTimeOffset now = _time.GetUtcNow();
            _leases.SweepIfDue(now);
            var counters = new BudgetCounter[scope.Count];
            var amounts = new long[scope.Count];
            int n = 0;
            foreach (BudgetScopeEntry entry in scope)
            {
                if (Current(entry) is not { } definition)
                {
                    continue;
                }

                BudgetCounter counter = CounterFor(definition, entry.Value, at, entry.Share);
                long amount = counter.Unit == BudgetUnit.Usd ? usdPico : tokens;
                if (definition.IsHard && !Shared && amount > counter.Available)
                {
                    refusal = Refuse(counter, amount, now, ref alerts);

                    break;
                }

                counters[n] = counter;
                amounts[n] = amount;
                n++;
            }

            if (refusal is null)
            {
                reservation = _leases.Take(counters[..n], amounts[..n], usdPico, tokens, now, call ?? new BudgetCallScope(new Attribution(), default, at));
            }
        }

        Publish(alerts);
        return reservation;
    }

    /// <summary>
    /// Replaces a reservation with what the call really cost (0 for a failure that billed nothing: the budget is
    /// released). An unknown dollar cost is charged at the reserved worst case (a soft budget, which reserved nothing
    /// for a model without a price, counts the call as unpriced instead). Returns whether any budget was charged more
    /// than the call reserved.
    /// </summary>
    public bool Settle(BudgetReservation reservation, long? actualPico, long actualTokens)
    {
        List<BudgetAlert>? alerts = null;
        bool above = false;
        lock (_lock)
        {
            if (reservation.Settled)
            {
                return false;
            }

            reservation.Settled = true;
            _leases.Release(reservation);
            DateTimeOffset now = _time.GetUtcNow();
            for (int i = 0; i < reservation.Counters.Length; i++)
            {
                BudgetCounter counter = reservation.Counters[i];
                long reserved = reservation.Amounts[i];
                if (!reservation.Expired)
                {
                    counter.Reserved -= reserved;
                }

                long actual = counter.Unit == BudgetUnit.Usd ? actualPico ?? reserved : actualTokens;
                counter.Spent += actual;
                if (counter.Unit == BudgetUnit.Usd && actualPico is null && !counter.Definition.IsHard)
                {
                    counter.UnpricedCalls++;
                }

                if (actual > reserved && counter.Definition.IsHard)
                {
                    above = true;
                    BudgetLog.CostAboveReservation(_logger, counter.DisplayName, actual, reserved, counter.Spent, counter.Limit);
                }

                _levels.Check(counter, now, ref alerts);
            }

            _journal?.Add(new Settlement(reservation.Call, actualPico, actualTokens));
        }

        Publish(alerts);
        return above;
    }

    /// <summary>
    /// Charges a call that held no reservation (it was not dispatched through the reservation stage). An unknown dollar
    /// cost (null) charges nothing and is counted as an unpriced call.
    /// </summary>
    /// <param name="scope">The call's budgets.</param>
    /// <param name="actualPico">Its cost in pico-dollars; null when unknown.</param>
    /// <param name="actualTokens">Its tokens.</param>
    /// <param name="at">When it started.</param>
    /// <param name="call">Who it is for (charged again to a budget rebuilt while it ran).</param>
    public void Charge(IReadOnlyList<BudgetScopeEntry> scope, long? actualPico, long actualTokens, DateTimeOffset at, BudgetCallScope? call = null)
    {
        if (actualPico == 0 && actualTokens == 0)
        {
            return;
        }

        List<BudgetAlert>? alerts = null;
        lock (_lock)
        {
            DateTimeOffset now = _time.GetUtcNow();
            foreach (BudgetScopeEntry entry in scope)
            {
                if (Current(entry) is { } definition)
                {
                    BudgetCounter counter = CounterFor(definition, entry.Value, at, entry.Share);
                    Add(counter, actualPico, actualTokens);
                    _levels.Check(counter, now, ref alerts);
                }
            }

            if (call is not null)
            {
                _journal?.Add(new Settlement(call, actualPico, actualTokens));
            }
        }

        Publish(alerts);
    }

    /// <summary>Adds a finished call's cost to a counter: an unknown dollar cost counts as an unpriced call.</summary>
    private static void Add(BudgetCounter counter, long? usdPico, long tokens)
    {
        if (counter.Unit == BudgetUnit.Tokens)
        {
            counter.Spent += tokens;
        }
        else if (usdPico is long pico)
        {
            counter.Spent += pico;
        }
        else
        {
            counter.UnpricedCalls++;
        }
    }

    /// <summary>The least left, in dollars, over the dollar budgets of a call (null when none applies).</summary>
    public decimal? RemainingUsd(IReadOnlyList<BudgetScopeEntry> scope, DateTimeOffset at)
    {
        long? least = null;
        lock (_lock)
        {
            foreach (BudgetScopeEntry entry in scope)
            {
                if (Current(entry) is { Unit: BudgetUnit.Usd } definition)
                {
                    long available = Math.Max(0, CounterFor(definition, entry.Value, at, entry.Share).Available);
                    least = least is long l ? Math.Min(l, available) : available;
                }
            }
        }

        return least is long units ? BudgetAmounts.FromUnits(units, BudgetUnit.Usd) : null;
    }

    /// <summary>The counters a reservation holds and what it holds on each, as they stand now.</summary>
    internal (BudgetCounter[] Counters, long[] Amounts, long[] Limits) Holdings(BudgetReservation reservation)
    {
        lock (_lock)
        {
            return ([.. reservation.Counters], [.. reservation.Amounts], [.. reservation.Counters.Select(c => c.Limit)]);
        }
    }

    /// <summary>The counters of a call's budgets in the window holding <paramref name="at"/> (created when new).</summary>
    internal List<BudgetCounter> CountersFor(IReadOnlyList<BudgetScopeEntry> scope, DateTimeOffset at)
    {
        var counters = new List<BudgetCounter>(scope.Count);
        lock (_lock)
        {
            foreach (BudgetScopeEntry entry in scope)
            {
                if (Current(entry) is { } definition)
                {
                    counters.Add(CounterFor(definition, entry.Value, at, entry.Share));
                }
            }
        }

        return counters;
    }

    /// <summary>The counters in use now (shared mode refreshes them from the database).</summary>
    internal List<BudgetCounter> LiveCounters()
    {
        lock (_lock)
        {
            return [.. _counters.Values];
        }
    }

    /// <summary>Takes a shared counter's spend and holds (held here by this instance's calls in flight are not counted twice).</summary>
    internal void Mirror(BudgetCounter counter, SharedCounterState state)
    {
        List<BudgetAlert>? alerts = null;
        lock (_lock)
        {
            counter.Spent = state.Spent;
            counter.ReservedElsewhere = Math.Max(0, state.Reserved - counter.Reserved);
            if (counter.Definition.Unit == BudgetUnit.Usd && !counter.Definition.IsHard)
            {
                counter.UnpricedCalls = state.Unpriced;
            }

            _levels.Check(counter, _time.GetUtcNow(), ref alerts);
        }

        Publish(alerts);
    }

    /// <summary>The refusal of a call the shared counter had no room for (after <see cref="Mirror"/>), with its alert.</summary>
    internal BudgetRefusal RefuseShared(BudgetCounter counter, long amount)
    {
        List<BudgetAlert>? alerts = null;
        BudgetRefusal refusal;
        lock (_lock)
        {
            refusal = Refuse(counter, amount, _time.GetUtcNow(), ref alerts);
        }

        Publish(alerts);
        return refusal;
    }

    /// <summary>The refusal of a call a hard budget has no room for, and its 100% alert (under the lock).</summary>
    private BudgetRefusal Refuse(BudgetCounter counter, long amount, DateTimeOffset now, ref List<BudgetAlert>? alerts)
    {
        BudgetDefinition definition = counter.Definition;
        _levels.Refused(counter, amount, now, ref alerts);
        return new BudgetRefusal(counter.DisplayName, definition.ScopeText, definition.Window, counter.Unit, counter.Limit, counter.Spent, counter.Reserved + counter.ReservedElsewhere, amount, counter.Period.End);
    }

    /// <summary>Gives back the reservations whose lease has run out. Returns how many.</summary>
    public int SweepExpired()
    {
        lock (_lock)
        {
            return _leases.Sweep(_time.GetUtcNow());
        }
    }

    /// <summary>Sets the share of a dynamic parent's limit a child gets (counting units).</summary>
    public void SetAllocation(string child, long units)
    {
        lock (_lock)
        {
            if (!_byName.TryGetValue(child, out BudgetDefinition? definition))
            {
                return;
            }

            _allocated[child] = definition.Limit > 0 ? Math.Min(units, definition.LimitUnits) : units;
            foreach (BudgetCounter counter in _counters.Values)
            {
                if (counter.Definition.Name == child)
                {
                    counter.Limit = LimitOf(definition, counter.Share);
                }
            }
        }
    }

    /// <summary>Every budget as it stands now (one row per value of a per-value budget).</summary>
    public IReadOnlyList<BudgetStatus> Status()
    {
        var rows = new List<BudgetStatus>();
        lock (_lock)
        {
            DateTimeOffset now = _time.GetUtcNow();
            _leases.Sweep(now);
            foreach (BudgetDefinition definition in _definitions)
            {
                var values = _counters.Keys.Where(k => k.Name == definition.Name).Select(k => k.Value).ToList();
                if (!definition.IsPerValue && values.Count == 0)
                {
                    values.Add(definition.Match ?? "");
                }

                if (values.Count == 0)
                {
                    BudgetPeriod period = PeriodOf(definition, now);
                    rows.Add(Status(new BudgetCounter(definition, "", period, LimitOf(definition), 0, null), perValueTemplate: true));
                }

                foreach (string value in values.Order(StringComparer.Ordinal))
                {
                    rows.Add(Status(CounterFor(definition, value, now), perValueTemplate: false));
                }

                if (_derived.TryGetValue(definition.Name, out var shares))
                {
                    foreach (BudgetCounter counter in _counters.Values
                        .Where(c => c.Definition == shares.Project || c.Definition == shares.Agent)
                        .OrderBy(c => c.Definition.Name, StringComparer.Ordinal).ThenBy(c => c.Value, StringComparer.Ordinal).ToList())
                    {
                        rows.Add(Status(CounterFor(counter.Definition, counter.Value, now, counter.Share), perValueTemplate: false));
                    }
                }
            }
        }

        return rows;
    }

    /// <summary>The window of a budget that holds <paramref name="at"/>.</summary>
    public BudgetPeriod PeriodOf(BudgetDefinition definition, DateTimeOffset at) =>
        BudgetWindows.PeriodOf(definition.Window, at, Zone, _options.WeekStartsOn);

    private BudgetStatus Status(BudgetCounter counter, bool perValueTemplate) =>
        BudgetStatusRow.Of(counter, perValueTemplate, _tiers, _levels, IsDynamicChild(counter.Definition));

    private BudgetDefinition? Current(BudgetScopeEntry entry) =>
        _byName.TryGetValue(entry.Definition.Name, out BudgetDefinition? definition) ? definition : null;

    /// <summary>
    /// The counter of a budget value for the window holding <paramref name="at"/>; a new window starts at 0. A share's
    /// counter takes <paramref name="share"/> of its global budget's limit (a changed share applies at once).
    /// </summary>
    private BudgetCounter CounterFor(BudgetDefinition definition, string value, DateTimeOffset at, decimal? share = null)
    {
        if (_counters.TryGetValue((definition.Name, value), out BudgetCounter? counter) && counter.Period.Contains(at))
        {
            return WithShare(counter, share);
        }

        BudgetPeriod period = PeriodOf(definition, at);
        if (counter is not null && counter.Period.Start >= period.Start)
        {
            return WithShare(counter, share); // a call that started just before a newer window was opened counts in the newer one
        }

        long spent = 0;
        long unpriced = 0;
        IReadOnlySet<int>? fired = null;
        if (_baselines.TryGetValue(definition.Name, out Baseline? baseline) && baseline.Period == period)
        {
            spent = baseline.Spend.GetValueOrDefault(value);
            unpriced = baseline.Unpriced.GetValueOrDefault(value);
            fired = baseline.Fired.GetValueOrDefault(value);
        }

        share ??= counter?.Share;
        counter = new BudgetCounter(definition, value, period, LimitOf(definition, share), spent, fired) { Share = share, UnpricedCalls = unpriced };
        _counters[(definition.Name, value)] = counter;
        if (++_createdSincePrune >= PruneEvery)
        {
            Prune(at);
        }

        return counter;
    }

    /// <summary>Forgets counters of ended windows that hold no reservation (per-value budgets see values come and go).</summary>
    private void Prune(DateTimeOffset at)
    {
        _createdSincePrune = 0;
        foreach (var (key, counter) in _counters.ToList())
        {
            if (counter.Period.End is DateTimeOffset end && end <= at && counter.Reserved == 0)
            {
                _counters.Remove(key);
            }
        }
    }

    private BudgetCounter WithShare(BudgetCounter counter, decimal? share)
    {
        if (share is decimal fraction && counter.Share != fraction)
        {
            counter.Share = fraction;
            counter.Limit = LimitOf(counter.Definition, fraction);
        }

        return counter;
    }

    /// <summary>A budget's limit in units: a dynamic child's allocation, a share's fraction of its global budget's limit.</summary>
    private long LimitOf(BudgetDefinition definition, decimal? share = null)
    {
        if (definition.ShareOf is { } global && _byName.TryGetValue(global, out BudgetDefinition? parent))
        {
            return (long)decimal.Floor((share ?? 1m) * LimitOf(parent));
        }

        return IsDynamicChild(definition) && _allocated.TryGetValue(definition.Name, out long allocated) ? allocated : definition.LimitUnits;
    }

    private bool IsDynamicChild(BudgetDefinition definition) =>
        definition.Parent is { } parent && _byName.TryGetValue(parent, out BudgetDefinition? p) && p.Allocation == BudgetAllocation.Dynamic;

    /// <summary>Until the allocator has measured usage, a dynamic parent's children share its limit equally.</summary>
    private void ResetAllocations()
    {
        foreach (string name in _allocated.Keys.ToList())
        {
            if (!_byName.TryGetValue(name, out BudgetDefinition? child) || !IsDynamicChild(child))
            {
                _allocated.Remove(name);
            }
        }

        foreach (IGrouping<string, BudgetDefinition> family in _definitions.Where(IsDynamicChild).GroupBy(d => d.Parent!, StringComparer.Ordinal))
        {
            long parentLimit = _byName[family.Key].LimitUnits;
            long equal = parentLimit / family.Count();
            foreach (BudgetDefinition child in family)
            {
                if (!_allocated.ContainsKey(child.Name))
                {
                    _allocated[child.Name] = child.Limit > 0 ? Math.Min(equal, child.LimitUnits) : equal;
                }
            }
        }
    }

    private void Publish(List<BudgetAlert>? alerts)
    {
        if (alerts is null)
        {
            return;
        }

        foreach (BudgetAlert alert in alerts)
        {
            _alerts.Publish(alert);
        }
    }

    private sealed record Baseline(BudgetPeriod Period, IReadOnlyDictionary<string, long> Spend, IReadOnlyDictionary<string, long> Unpriced, IReadOnlyDictionary<string, IReadOnlySet<int>> Fired);

    /// <summary>A call that finished while budgets were being rebuilt: its cost (pico-dollars, null when unknown) and tokens.</summary>
    private sealed record Settlement(BudgetCallScope Call, long? UsdPico, long Tokens);
}
