using System.Globalization;
using Purser.Assistant.Analysis;
using Purser.Assistant.Calls;
using Purser.Assistant.Files;
using Purser.Assistant.Hosting;
using Purser.Assistant.Languages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Pricing;

namespace Purser.Assistant.Batch;

/// <summary>
/// <c>purser analyze repo</c>: walks a repository (honouring .gitignore), leaves out binaries, oversized and non-source
/// files, answers unchanged files from the analysis store at $0, and scores the rest with a bounded number of calls at
/// once. With a cost limit, each call's worst case is reserved before it starts, so the run stops before it could
/// exceed the limit. Failures that would repeat for every file (no provider, budget exhausted, refused key) stop the run.
/// </summary>
internal sealed class RepositoryAnalyzer(FileAnalyzer analyzer, CostEstimator estimator, AssistantOptions options, TimeProvider time, ILogger<RepositoryAnalyzer>? logger = null)
{
    private static readonly HashSet<string> FatalErrors = new(StringComparer.Ordinal) { "no_provider", "budget_exceeded", "unauthorized", "cancelled" };

    public async Task<BatchResult> AnalyzeAsync(string root, BatchRequest request, IBatchObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(request);
        long started = time.GetTimestamp();
        string fullRoot = Path.GetFullPath(root);
        string repository = request.RepositoryName ?? Path.GetFileName(fullRoot.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var run = new Run(observer, time);

        // 1. Which files, and which of them are unchanged since a stored analysis.
        var toAnalyze = new List<WalkedFile>();
        ModelChoice? choice = null;
        int seen = 0;
        foreach (WalkedFile walked in FileWalker.Walk(fullRoot))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++seen > options.Batch.MaxFiles)
            {
                run.Skip(walked.RelativePath, null, $"over the limit of {options.Batch.MaxFiles.ToString("N0", CultureInfo.InvariantCulture)} files (Purser:Assistant:Batch:MaxFiles)");
                continue;
            }

            Language? byName = LanguageDetector.Detect(walked.FullPath);
            if (byName is not null && !Wanted(byName, request))
            {
                run.Skip(walked.RelativePath, byName, $"{byName.Name} is not analysed (use --all or --languages)");
                continue;
            }

            SourceFile file;
            try
            {
                file = SourceFileReader.Read(walked.FullPath, walked.RelativePath, analyzer.Limits.MaxCodeBytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                run.Skip(walked.RelativePath, byName, "cannot be read: " + ex.Message);
                continue;
            }

            if (file.Language is null && !file.IsBinary)
            {
                run.Skip(walked.RelativePath, null, "not a recognised source file");
                continue;
            }

            if (file.Language is { } detected && !Wanted(detected, request))
            {
                run.Skip(walked.RelativePath, detected, $"{detected.Name} is not analysed (use --all or --languages)");
                continue;
            }

            if (analyzer.Check(file) is { } refusal)
            {
                run.Skip(walked.RelativePath, file.Language, Reason(refusal.Code, refusal.Message));
                continue;
            }

            (ModelChoice fileChoice, FileAnalysis? stored) = await analyzer.LookupAsync(file, new FileAnalysisRequest { Model = request.Model, Force = request.Force }, cancellationToken);
            choice ??= fileChoice;
            if (!fileChoice.Succeeded)
            {
                return run.Result(fullRoot, repository, "", fileChoice.Error, started) with { SetupError = fileChoice.Error };
            }

            if (stored is not null)
            {
                await analyzer.SaveReusedAsync(stored, file, fullRoot, cancellationToken);
                run.Reused(new BatchFileResult { Path = file.DisplayPath, Language = file.LanguageId, Status = BatchFileStatus.Reused, Analysis = stored, CostUsd = 0m });
            }
            else
            {
                toAnalyze.Add(walked);
            }
        }

        string model = choice?.Model ?? request.Model ?? "";
        run.Planned(toAnalyze.Count);
        if (request.MaxCost is not null && toAnalyze.Count > 0 && analyzer.IsRemote)
        {
            return run.Result(fullRoot, repository, model, "--max-cost needs prices known here; with --server the gateway's own budgets apply instead.", started, notAnalyzed: toAnalyze);
        }

        // 2. The model calls, a bounded number at once.
        int concurrency = Math.Clamp(request.Concurrency ?? options.Batch.Concurrency, 1, 64);
        try
        {
            await Parallel.ForEachAsync(
                toAnalyze,
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (walked, token) => await AnalyzeOneAsync(walked, fullRoot, repository, model, request, run, token));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Stop("the run was cancelled");
        }

        // Files never reached (a cancelled run) are listed as not analysed.
        BatchResult result = run.Result(fullRoot, repository, model, null, started, notAnalyzed: toAnalyze);
        ILogger log = (ILogger?)logger ?? NullLogger.Instance;
        AssistantLog.BatchFinished(log, repository, result.Count(BatchFileStatus.Analyzed) + result.Count(BatchFileStatus.Partial), result.Count(BatchFileStatus.Reused), result.Count(BatchFileStatus.Failed), result.Skipped.Count, result.CostUsd, result.ElapsedSeconds);
        if (result.StoppedBecause is { } reason)
        {
            AssistantLog.BatchStopped(log, repository, reason);
        }

        return result;
    }

    private async Task AnalyzeOneAsync(WalkedFile walked, string root, string repository, string model, BatchRequest request, Run run, CancellationToken cancellationToken)
    {
        if (run.StoppedBecause is { } stopped)
        {
            run.Done(new BatchFileResult { Path = walked.RelativePath, Status = BatchFileStatus.NotAnalyzed, Reason = stopped }, called: false);
            return;
        }

        SourceFile file;
        try
        {
            file = SourceFileReader.Read(walked.FullPath, walked.RelativePath, analyzer.Limits.MaxCodeBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            run.Done(new BatchFileResult { Path = walked.RelativePath, Status = BatchFileStatus.Failed, Reason = "cannot be read: " + ex.Message }, called: false);
            return;
        }

        decimal reserved = 0;
        if (request.MaxCost is decimal max)
        {
            if (estimator.WorstCase(model, analyzer.Render(file)) is not decimal worst)
            {
                run.Stop($"--max-cost cannot be enforced: no price is known for {model}. Add one under Purser:Pricing or drop --max-cost.");
                run.Done(new BatchFileResult { Path = file.DisplayPath, Language = file.LanguageId, Status = BatchFileStatus.NotAnalyzed, Reason = run.StoppedBecause }, called: false);
                return;
            }

            if (!run.TryReserve(worst, max))
            {
                run.Done(new BatchFileResult { Path = file.DisplayPath, Language = file.LanguageId, Status = BatchFileStatus.NotAnalyzed, Reason = run.StoppedBecause }, called: false);
                return;
            }

            reserved = worst;
        }

        run.Started(file.DisplayPath);
        FileAnalysisOutcome outcome = await analyzer.AnalyzeAsync(
            file,
            new FileAnalysisRequest { Model = model, Force = request.Force, Origin = request.Origin, Repository = root, RepositoryName = repository },
            cancellationToken);
        BatchFileResult result;
        if (outcome.Analysis is { } analysis)
        {
            BatchFileStatus status = analysis.FromStore ? BatchFileStatus.Reused : analysis.Partial ? BatchFileStatus.Partial : BatchFileStatus.Analyzed;
            result = new BatchFileResult { Path = file.DisplayPath, Language = file.LanguageId, Status = status, Analysis = analysis, CostUsd = analysis.CostUsd, Reason = analysis.Partial ? analysis.Warnings.FirstOrDefault() : null };
        }
        else if (outcome.Refusal is { } refusal)
        {
            result = new BatchFileResult { Path = file.DisplayPath, Language = file.LanguageId, Status = BatchFileStatus.Skipped, Reason = Reason(refusal.Code, refusal.Message), CostUsd = 0m };
        }
        else
        {
            AssistantError error = outcome.Error!;
            result = new BatchFileResult { Path = file.DisplayPath, Language = file.LanguageId, Status = BatchFileStatus.Failed, Reason = error.Message, CostUsd = outcome.FailedCostUsd };
            if (FatalErrors.Contains(error.Kind))
            {
                run.Stop(error.Message);
            }
        }

        run.Release(reserved, result.CostUsd ?? reserved);
        run.Done(result, called: true);
    }

    private static bool Wanted(Language language, BatchRequest request) =>
        request.Languages is { } only ? only.Contains(language.Id) : request.IncludeAllKinds || language.IsAnalyzedByDefault;

    private static string Reason(string code, string message) => code switch
    {
        "binary_file" => "binary file",
        "empty_file" => "empty file",
        "code_too_large" => "too large: " + message,
        _ => message,
    };

    /// <summary>The shared state of one run; every method is thread-safe.</summary>
    private sealed class Run(IBatchObserver? observer, TimeProvider time)
    {
        private readonly Lock _lock = new();
        private readonly List<BatchFileResult> _files = [];
        private readonly List<BatchFileResult> _skipped = [];
        private readonly long _started = time.GetTimestamp();
        private long? _firstCall;
        private int _total;
        private int _done;
        private int _called;
        private decimal _spent;
        private decimal _reserved;
        private int _unknownCost;

        public string? StoppedBecause { get; private set; }

        public void Skip(string path, Language? language, string reason)
        {
            lock (_lock)
            {
                _skipped.Add(new BatchFileResult { Path = path, Language = language?.Id ?? "unknown", Status = BatchFileStatus.Skipped, Reason = reason, CostUsd = 0m });
            }
        }

        public void Reused(BatchFileResult result)
        {
            lock (_lock)
            {
                _files.Add(result);
            }
        }

        public void Planned(int toAnalyze)
        {
            lock (_lock)
            {
                _total = _files.Count + toAnalyze;
                _done = _files.Count;
                observer?.OnPlanned(_total, _files.Count);
                foreach (BatchFileResult reused in _files)
                {
                    observer?.OnFileDone(reused, Progress());
                }
            }
        }

        public void Started(string path)
        {
            lock (_lock)
            {
                _firstCall ??= time.GetTimestamp();
                observer?.OnFileStarted(path);
            }
        }

        public bool TryReserve(decimal worst, decimal max)
        {
            lock (_lock)
            {
                if (StoppedBecause is not null)
                {
                    return false;
                }

                if (_spent + _reserved + worst > max)
                {
                    StoppedBecause = $"--max-cost {CostFormatter.Format(max)} reached: the next file could cost up to {CostFormatter.Format(worst)} with {CostFormatter.Format(_spent + _reserved)} spent or committed";
                    return false;
                }

                _reserved += worst;
                return true;
            }
        }

        public void Release(decimal reserved, decimal spent)
        {
            lock (_lock)
            {
                _reserved -= reserved;
                _spent += spent;
            }
        }

        public void Stop(string reason)
        {
            lock (_lock)
            {
                StoppedBecause ??= reason;
            }
        }

        public void Done(BatchFileResult result, bool called)
        {
            lock (_lock)
            {
                _files.Add(result);
                _done++;
                if (called)
                {
                    _called++;
                    if (result.CostUsd is null)
                    {
                        _unknownCost++;
                    }
                }

                observer?.OnFileDone(result, Progress());
            }
        }

        public BatchResult Result(string root, string repository, string model, string? stoppedBecause, long started, IReadOnlyList<WalkedFile>? notAnalyzed = null)
        {
            lock (_lock)
            {
                StoppedBecause ??= stoppedBecause;
                var seen = new HashSet<string>(_files.Select(f => f.Path), StringComparer.Ordinal);
                foreach (WalkedFile file in notAnalyzed ?? [])
                {
                    if (seen.Add(file.RelativePath))
                    {
                        _files.Add(new BatchFileResult { Path = file.RelativePath, Status = BatchFileStatus.NotAnalyzed, Reason = StoppedBecause });
                    }
                }

                var scored = _files.Where(f => f.Analysis?.Scores.Overall is not null).ToList();
                return new BatchResult
                {
                    Root = root,
                    Repository = repository,
                    Model = model,
                    Files = [.. _files
                        .OrderBy(f => f.Analysis?.Scores.Overall ?? int.MaxValue)
                        .ThenBy(f => f.Status == BatchFileStatus.Failed ? 0 : 1)
                        .ThenBy(f => f.Path, StringComparer.Ordinal)],
                    Skipped = [.. _skipped.OrderBy(f => f.Path, StringComparer.Ordinal)],
                    Languages = [.. scored
                        .GroupBy(f => f.Language, StringComparer.Ordinal)
                        .Select(g => new LanguageAverage(
                            g.Key,
                            g.Count(),
                            Mean(g, s => s.Overall),
                            Mean(g, s => s.Security),
                            Mean(g, s => s.Quality),
                            Mean(g, s => s.Complexity),
                            Mean(g, s => s.Maintainability)))
                        .OrderBy(l => l.Overall ?? double.MaxValue)
                        .ThenBy(l => l.Language, StringComparer.Ordinal)],
                    AverageOverall = scored.Count == 0 ? null : Math.Round(scored.Average(f => f.Analysis!.Scores.Overall!.Value), 1),
                    CostUsd = _files.Sum(f => f.CostUsd ?? 0m),
                    UnknownCostFiles = _unknownCost,
                    StoppedBecause = StoppedBecause,
                    ElapsedSeconds = Math.Round(time.GetElapsedTime(started).TotalSeconds, 2),
                };
            }
        }

        private BatchProgress Progress()
        {
            TimeSpan elapsed = time.GetElapsedTime(_started);
            TimeSpan? eta = null;
            int remaining = _total - _done;
            if (_called > 0 && _firstCall is long first)
            {
                // The pace of the model calls so far (with their concurrency) applied to what is left.
                double perFile = time.GetElapsedTime(first).TotalSeconds / _called;
                eta = TimeSpan.FromSeconds(perFile * remaining);
            }
            else if (remaining == 0)
            {
                eta = TimeSpan.Zero;
            }

            return new BatchProgress(_done, _total, _files.Sum(f => f.CostUsd ?? 0m), elapsed, eta);
        }

        private static double? Mean(IEnumerable<BatchFileResult> files, Func<Analysis.AnalysisScores, int?> score)
        {
            var values = files.Select(f => score(f.Analysis!.Scores)).Where(v => v is not null).Select(v => (double)v!.Value).ToList();
            return values.Count == 0 ? null : Math.Round(values.Average(), 1);
        }
    }
}
