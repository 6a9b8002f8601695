using System.Globalization;
using System.Text;
using Purser.Assistant.Calls;
using Purser.Assistant.Files;
using Purser.Assistant.Hosting;
using Purser.Assistant.Limits;
using Purser.Prompts;

namespace Purser.Assistant.Questions;

/// <summary><c>purser ask</c>: answers a question with the <c>qa</c> prompt, grounded in context files when given.</summary>
internal sealed class QuestionAnswerer(AssistantRunner runner, AssistantOptions options)
{
    public const string Operation = "qa";
    public const string PromptName = "qa";

    public async Task<AssistantCall> AskAsync(string question, IReadOnlyList<SourceFile> context, string? model, string origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(context);
        var warnings = new List<string>();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["question"] = question.Trim() };
        if (context.Count > 0)
        {
            variables["context"] = BuildContext(context, options.MaxContextBytes, warnings);
        }

        AssistantCall call = await runner.RunAsync(
            new AssistantCallRequest { Operation = Operation, PromptName = PromptName, Model = model, Origin = origin, Variables = variables },
            cancellationToken);
        call.Warnings.InsertRange(0, warnings);
        return call;
    }

    /// <summary>The context block: each text file with a header line and numbered lines, within <paramref name="maxBytes"/>.</summary>
    internal static string BuildContext(IReadOnlyList<SourceFile> files, int maxBytes, List<string> warnings)
    {
        var sb = new StringBuilder();
        long left = maxBytes;
        foreach (SourceFile file in files)
        {
            if (file.IsBinary)
            {
                warnings.Add($"{file.DisplayPath} is a binary file: left out of the context.");
                continue;
            }

            string header = string.Create(CultureInfo.InvariantCulture, $"=== {file.DisplayPath} ({file.Language?.Name ?? "text"}, {file.Lines} lines) ===\n");
            string body = PromptText.NumberLines(file.Text);
            long size = Encoding.UTF8.GetByteCount(header) + Encoding.UTF8.GetByteCount(body) + 1;
            if (left <= Encoding.UTF8.GetByteCount(header) + 256)
            {
                warnings.Add($"{file.DisplayPath} was left out: the context is over {AnalysisLimits.Kb(maxBytes)} (Purser:Assistant:MaxContextBytes).");
                continue;
            }

            if (size > left)
            {
                int keep = (int)Math.Max(0, left - Encoding.UTF8.GetByteCount(header) - 64);
                body = ClipBytes(body, keep) + "\n[… the rest of this file was left out …]";
                warnings.Add($"{file.DisplayPath} was clipped to fit the context limit of {AnalysisLimits.Kb(maxBytes)} (Purser:Assistant:MaxContextBytes).");
            }

            sb.Append(header).Append(body).Append('\n');
            left -= Encoding.UTF8.GetByteCount(header) + Encoding.UTF8.GetByteCount(body) + 1;
        }

        return sb.Length == 0 ? "(no context given)" : sb.ToString().TrimEnd('\n');
    }

    private static string ClipBytes(string text, int maxBytes)
    {
        // The longest prefix within maxBytes (binary search), cut back to a line end.
        int lo = 0, hi = text.Length;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (Encoding.UTF8.GetByteCount(text.AsSpan(0, mid)) <= maxBytes)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        int lineEnd = lo > 0 ? text.LastIndexOf('\n', lo - 1) : -1;
        return lineEnd > 0 ? text[..lineEnd] : text[..lo];
    }
}
