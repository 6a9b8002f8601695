using System.Globalization;

namespace Purser.Bench;

/// <summary>What one benchmark run does; <see cref="Parse"/> reads the command line.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        usage: Purser.Bench --repo <path> [--quick] [--rounds N] [--duration S] [--warmup S]
                            [--concurrency 1,16,64] [--no-floor] [--no-portkey [reason]] [--rate-limits] [--results <dir>]
                            [--scenarios all|none|streaming,translated,budget,cache-hit,large-prompt]
                            [--storage sqlite,postgres [--instances N] [--postgres <connection>]]

          --repo          the repository root (bench/run.sh passes it)
          --quick         3 rounds of 2 s per target and concurrency (about two minutes)
          --rounds        interleaved rounds per concurrency level (full: 7)
          --duration      seconds of load per target per round (full: 4)
          --warmup        seconds of discarded load per target before each concurrency level (full: 3)
          --concurrency   open connections, comma-separated (default 1,16,64)
          --no-floor      leave out the floor (a bare .NET pass-through proxy that shows the cost of the hop alone)
          --no-portkey    leave the Portkey gateway out (the reason, if given, goes into the report)
          --rate-limits   also measure Purser through virtual keys side by side: one without limits, one with rpm
                          and rpd, one with rpm, tpm and rpd (set high enough never to refuse), and a second one
                          without limits as an A/A control: the cost of rate limiting
          --results       where to write the run's folder (default <repo>/bench/results)
          --scenarios     extra scenarios after the baseline, each with its own Purser (full: all; quick: none)
          --storage       instead of the baseline: one Purser per storage (sqlite, postgres), each with and without a
                          hard budget, side by side in the same rounds (no Portkey, no scenarios)
          --instances     with --storage postgres and N >= 2: also N Purser instances with a hard budget on one
                          PostgreSQL database, wrk spreading its connections over them (one thread per instance)
          --postgres      an Npgsql connection string to a server on 127.0.0.1 whose role may create databases
                          (bench/run.sh starts a throwaway cluster when none is given); the run creates and drops
                          its own databases purser_bench_*
        """;

    public required string RepoRoot { get; init; }

    public bool Quick { get; init; }

    public int Rounds { get; init; }

    public TimeSpan Duration { get; init; }

    public TimeSpan Warmup { get; init; }

    public IReadOnlyList<int> Concurrency { get; init; } = [1, 16, 64];

    public bool Floor { get; init; } = true;

    public bool Portkey { get; init; } = true;

    public string? PortkeySkippedBecause { get; init; }

    /// <summary>Whether to add the targets purser-key, purser-key-rpm, purser-key-rl and purser-key-2 (the same gateway through virtual keys with and without rate limits).</summary>
    public bool RateLimits { get; init; }

    public required string ResultsRoot { get; init; }

    /// <summary>The extra scenarios measured after the baseline (<see cref="Load.Scenarios"/>).</summary>
    public IReadOnlyList<Load.Scenario> Scenarios { get; init; } = [];

    /// <summary>The storages of <c>--storage</c> (sqlite, postgres), in order; empty for the ordinary run.</summary>
    public IReadOnlyList<string> Storage { get; init; } = [];

    /// <summary>How many Purser instances share one PostgreSQL database in the scale-out target of <c>--storage</c> (1: none).</summary>
    public int Instances { get; init; } = 1;

    /// <summary>The administrative connection string of <c>--postgres</c>.</summary>
    public string? Postgres { get; init; }

    /// <summary>The whole run stops by itself after this, whatever state it is in: 1.5 × the planned load + 2 minutes.</summary>
    public TimeSpan Deadline
    {
        get
        {
            int targets = Storage.Count > 0
                ? 1 + (Floor ? 1 : 0) + (2 * Storage.Count) + (Instances > 1 ? 1 : 0)
                : 2 + (Portkey ? 1 : 0) + (Floor ? 1 : 0) + (RateLimits ? 1 + Load.Target.RateLimitKeys.Length : 0);
            TimeSpan load = ((Duration * Rounds) + Warmup) * targets * Concurrency.Count;
            foreach (Load.Scenario scenario in Scenarios)
            {
                // Each scenario: its targets at every level, the streaming one's first/last-byte rounds, and a Purser start.
                load += ((Duration * Rounds) + Warmup) * targets * Concurrency.Count;
                load += scenario.Streaming ? Duration * Rounds * targets : TimeSpan.Zero;
                load += TimeSpan.FromSeconds(30);
            }

            // A storage run starts a Purser per target (and one per instance), each migrating its database first.
            load += TimeSpan.FromSeconds(30) * (Storage.Count == 0 ? 0 : (2 * Storage.Count) + (Instances > 1 ? Instances : 0));
            return (load * 1.5) + TimeSpan.FromMinutes(2);
        }
    }

    public string PurserExecutable => Path.Combine(RepoRoot, "src", "Purser.Cli", "bin", "Release", "net10.0", "purser");

    public string UpstreamExecutable => Path.Combine(RepoRoot, "bench", "Purser.Bench.Upstream", "bin", "Release", "net10.0", "Purser.Bench.Upstream");

    public string PortkeyWrapper => Path.Combine(RepoRoot, "bench", "peers", "portkey-loopback.mjs");

    /// <exception cref="ArgumentException">An argument is missing or malformed; the message says which.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        string? repo = null;
        string? results = null;
        bool quick = false;
        int? rounds = null;
        int? duration = null;
        int? warmup = null;
        int[]? concurrency = null;
        bool portkey = true;
        bool floor = true;
        bool rateLimits = false;
        string? skipped = null;
        string? scenarios = null;
        string[] storage = [];
        int instances = 1;
        string? postgres = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            switch (arg)
            {
                case "--repo": repo = Next(); break;
                case "--results": results = Next(); break;
                case "--quick": quick = true; break;
                case "--rounds": rounds = PositiveInt(arg, Next()); break;
                case "--duration": duration = PositiveSeconds(arg, Next()); break;
                case "--warmup": warmup = PositiveSeconds(arg, Next(), allowZero: true); break;
                case "--concurrency": concurrency = [.. Next().Split(',').Select(c => PositiveInt(arg, c))]; break;
                case "--no-floor": floor = false; break;
                case "--scenarios": scenarios = Next(); break;
                case "--rate-limits": rateLimits = true; break;
                case "--storage": storage = Storages(Next()); break;
                case "--instances": instances = PositiveInt(arg, Next()); break;
                case "--postgres": postgres = Next(); break;
                case "--no-portkey":
                    portkey = false;
                    if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        skipped = args[++i];
                    }

                    break;
                default: throw new ArgumentException($"Unknown argument '{arg}'.");
            }
        }

        if (repo is null || !File.Exists(Path.Combine(repo, "Purser.slnx")))
        {
            throw new ArgumentException("--repo must name the repository root (the folder with Purser.slnx).");
        }

        if (storage.Length == 0 && (instances > 1 || postgres is not null))
        {
            throw new ArgumentException("--instances and --postgres go with --storage.");
        }

        if (storage.Length > 0 && (rateLimits || scenarios is not null))
        {
            throw new ArgumentException("--storage is a run of its own: leave out --rate-limits and --scenarios.");
        }

        if (instances > 1 && !storage.Contains(PostgresStorage))
        {
            throw new ArgumentException("--instances needs --storage with postgres (the instances share one PostgreSQL database).");
        }

        if (storage.Contains(PostgresStorage) && postgres is null)
        {
            throw new ArgumentException("--storage postgres needs --postgres <connection> (bench/run.sh starts a throwaway cluster and passes it).");
        }

        repo = Path.GetFullPath(repo);
        return new BenchOptions
        {
            RepoRoot = repo,
            ResultsRoot = Path.GetFullPath(results ?? Path.Combine(repo, "bench", "results")),
            Quick = quick,
            Rounds = rounds ?? (quick ? 3 : 7),
            Duration = TimeSpan.FromSeconds(duration ?? (quick ? 2 : 4)),
            Warmup = TimeSpan.FromSeconds(warmup ?? (quick ? 2 : 3)),
            Concurrency = concurrency ?? [1, 16, 64],
            Floor = floor,
            Portkey = portkey && storage.Length == 0,
            RateLimits = rateLimits,
            PortkeySkippedBecause = storage.Length > 0 ? "a storage run compares Purser with itself" : portkey ? null : skipped ?? "left out with --no-portkey",
            Scenarios = storage.Length > 0 ? [] : Load.Scenarios.Parse(scenarios ?? (quick ? "none" : Load.Scenarios.All)),
            Storage = storage,
            Instances = instances,
            Postgres = postgres,
        };
    }

    public const string SqliteStorage = "sqlite";

    public const string PostgresStorage = "postgres";

    private static string[] Storages(string value)
    {
        string[] names = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()];
        return names.Length > 0 && names.All(n => n is SqliteStorage or PostgresStorage)
            ? names
            : throw new ArgumentException($"--storage takes {SqliteStorage}, {PostgresStorage} or both separated by a comma, not '{value}'.");
    }

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new ArgumentException($"{name} takes a positive whole number, not '{value}'.");

    private static int PositiveSeconds(string name, string value, bool allowZero = false) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int s) && (s > 0 || (allowZero && s == 0)) && s <= 120
            ? s
            : throw new ArgumentException($"{name} takes whole seconds from {(allowZero ? 0 : 1)} to 120, not '{value}'.");
}
