using System.Text;
using Purser.Assistant.Calls;
using Purser.Assistant.Files;
using Purser.Assistant.Hosting;
using Purser.Assistant.Limits;
using Purser.Prompts;

namespace Purser.Assistant.Debugging;

/// <summary><c>purser debug</c> and <c>POST /api/debug</c>: the root cause and fix of an error, from the code and its error log.</summary>
internal sealed class ErrorDebugger(AssistantRunner runner, AnalysisLimits limits, AssistantOptions options)
{
    public const string Operation = "debugging";
    public const string PromptName = "debugging";

    public Task<DebugOutcome> DebugAsync(SourceFile code, string errorLog, string? model, string origin, CancellationToken cancellationToken) =>
        DebugAsync(code, errorLog, model, origin, AssistantCacheUse.Use, cancellationToken);

    /// <summary>As above, with how the call uses the response cache.</summary>
    public async Task<DebugOutcome> DebugAsync(SourceFile code, string errorLog, string? model, string origin, AssistantCacheUse cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(errorLog);
        if (code.IsBinary)
        {
            return new DebugOutcome { Refusal = new LimitViolation(400, "binary_file", $"{code.DisplayPath} is a binary file.") };
        }

        if (limits.CheckSize(code.Bytes, $"The code of {code.DisplayPath}") is { } tooLarge)
        {
            return new DebugOutcome { Refusal = tooLarge };
        }

        if (string.IsNullOrWhiteSpace(errorLog))
        {
            return new DebugOutcome { Refusal = new LimitViolation(400, "empty_error_log", "The error log is empty: give the stack trace, exception or failing output.") };
        }

        (string log, bool clipped) = KeepTail(errorLog, options.MaxErrorLogBytes);
        AssistantCall call = await runner.RunAsync(
            new AssistantCallRequest
            {
                Operation = Operation,
                PromptName = PromptName,
                Model = model,
                Origin = origin,
                Cache = cache,
                Variables = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["file_name"] = code.DisplayPath,
                    ["code"] = PromptText.NumberLines(code.Text),
                    ["error_log"] = log,
                },
            },
            cancellationToken);
        if (clipped)
        {
            call.Warnings.Add($"The error log is over {AnalysisLimits.Kb(options.MaxErrorLogBytes)} (Purser:Assistant:MaxErrorLogBytes): only its end was sent.");
        }

        if (!call.Succeeded)
        {
            return new DebugOutcome { Call = call };
        }

        DebugResult result = DebugResultParser.Parse(call.Text);
        return new DebugOutcome { Call = call, Result = result with { Warnings = [.. call.Warnings, .. result.Warnings] } };
    }

    /// <summary>The last <paramref name="maxBytes"/> bytes of <paramref name="log"/>, cut at a line start.</summary>
    internal static (string Log, bool Clipped) KeepTail(string log, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(log) <= maxBytes)
        {
            return (log, false);
        }

        int start = log.Length;
        int bytes = 0;
        while (start > 0)
        {
            int size = Encoding.UTF8.GetByteCount(log.AsSpan(start - 1, 1));
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            start--;
        }

        int lineStart = log.IndexOf('\n', start);
        string tail = lineStart >= 0 && lineStart + 1 < log.Length ? log[(lineStart + 1)..] : log[start..];
        return ("[… earlier lines of the log were left out …]\n" + tail, true);
    }
}
