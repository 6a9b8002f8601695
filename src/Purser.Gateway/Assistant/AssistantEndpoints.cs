using System.Text;
using Microsoft.AspNetCore.Http;
using Purser.Assistant.Architecture;
using Purser.Assistant.Calls;
using Purser.Assistant.Debugging;
using Purser.Assistant.Files;
using Purser.Assistant.Json;
using Purser.Assistant.Languages;
using Purser.Assistant.Limits;
using Purser.Assistant.Review;
using Purser.Caching;
using Purser.Errors;
using Purser.Gateway.Admin;
using Purser.Gateway.Http;

namespace Purser.Gateway.Assistant;

/// <summary>
/// <c>POST /api/review</c>, <c>POST /api/debug</c>, <c>POST /api/architecture</c>: the assistant over HTTP, through the
/// same services and pipeline as the CLI (ledger operations code_review, debugging, architecture; origin "api"). Each
/// answers with content, the parsed result, cached, usage, model, elapsed_ms and cost_usd. Code over
/// Purser:Assistant:MaxCodeBytes is a 413, a language outside Purser:Assistant:AllowedLanguages a 400.
/// </summary>
internal sealed class AssistantEndpoints(CodeReviewer reviewer, ErrorDebugger debugger, ArchitectureDesigner designer, AnalysisLimits limits, GatewayOptions gateway)
{
    public async Task ReviewAsync(HttpContext http)
    {
        if (await ReadAsync(http) is not { } body)
        {
            return;
        }

        using (body.Document)
        {
            string? error = null;
            string? repoId = body.Reader.Identifier("repo_id", ref error);
            string? filePath = body.Reader.String("file_path", required: true, ref error);
            string? content = body.Reader.String("content", required: true, ref error);
            string? languageName = body.Reader.String("language", required: false, ref error);
            string? cursor = body.Reader.String("cursor_context", required: false, ref error);
            string? model = body.Reader.String("model", required: false, ref error);
            if (error is not null)
            {
                await AdminResults.BadRequestAsync(http, error);
                return;
            }

            if (await RefuseAsync(http, limits.CheckSize(Encoding.UTF8.GetByteCount(content!), "'content'")))
            {
                return;
            }

            if (await CheckLanguageAsync(http, languageName, filePath!, content!) is not (true, var language))
            {
                return;
            }

            SourceFile file = SourceFile.FromText(filePath!, content!, language);
            ReviewOutcome outcome = await reviewer.ReviewContentAsync(file, cursor, new ReviewRequest { Model = model, Origin = "api", Repository = repoId, Cache = body.Cache }, http.RequestAborted);
            if (await RefuseAsync(http, outcome.Refusal) || await FailAsync(http, outcome.Error))
            {
                return;
            }

            await AdminResults.JsonAsync(http, AssistantJson.Write(AnswerEnvelope.FromReview(outcome.Result!)));
        }
    }

    public async Task DebugAsync(HttpContext http)
    {
        if (await ReadAsync(http) is not { } body)
        {
            return;
        }

        using (body.Document)
        {
            string? error = null;
            string? fileName = body.Reader.String("file_name", required: true, ref error);
            string? code = body.Reader.String("code", required: true, ref error);
            string? log = body.Reader.String("error_log", required: true, ref error);
            string? languageName = body.Reader.String("language", required: false, ref error);
            string? model = body.Reader.String("model", required: false, ref error);
            if (error is not null)
            {
                await AdminResults.BadRequestAsync(http, error);
                return;
            }

            if (await RefuseAsync(http, limits.CheckSize(Encoding.UTF8.GetByteCount(code!), "'code'")))
            {
                return;
            }

            if (await CheckLanguageAsync(http, languageName, fileName!, code!) is not (true, var language))
            {
                return;
            }

            DebugOutcome outcome = await debugger.DebugAsync(SourceFile.FromText(fileName!, code!, language), log!, model, "api", body.Cache, http.RequestAborted);
            if (await RefuseAsync(http, outcome.Refusal) || await FailAsync(http, outcome.Error))
            {
                return;
            }

            await AdminResults.JsonAsync(http, AssistantJson.Write(AnswerEnvelope.FromDebug(outcome.Call!, outcome.Result!)));
        }
    }

    public async Task ArchitectureAsync(HttpContext http)
    {
        if (await ReadAsync(http) is not { } body)
        {
            return;
        }

        using (body.Document)
        {
            string? error = null;
            var request = new ArchitectureRequest
            {
                Request = body.Reader.String("request", required: true, ref error) ?? "",
                TechStack = body.Reader.String("tech_stack", required: false, ref error) ?? body.Reader.String("stack", required: false, ref error),
                Scale = body.Reader.String("scale", required: false, ref error),
                Database = body.Reader.String("database", required: false, ref error),
                Model = body.Reader.String("model", required: false, ref error),
                Origin = "api",
                Cache = body.Cache,
            };
            if (error is not null)
            {
                await AdminResults.BadRequestAsync(http, error);
                return;
            }

            if (await RefuseAsync(http, designer.Check(request)))
            {
                return;
            }

            AssistantCall call = await designer.DesignAsync(request, http.RequestAborted);
            if (await FailAsync(http, call.Error))
            {
                return;
            }

            await AdminResults.JsonAsync(http, AssistantJson.Write(AnswerEnvelope.FromCall(call)));
        }
    }

    private async Task<Body?> ReadAsync(HttpContext http)
    {
        // The same cache headers as the chat endpoints: Cache-Control no-cache / no-store, x-purser-cache off | refresh.
        if (!CacheDirectivesReader.TryRead(http.Request, out CacheDirectives directives, out PurserError? cacheError))
        {
            await AdminResults.BadRequestAsync(http, cacheError!.Message);
            return null;
        }

        var (raw, readError) = await RequestBody.ReadAsync(http.Request, gateway.MaxRequestBodyBytes, http.RequestAborted);
        if (readError is not null)
        {
            await AdminResults.ErrorAsync(http, readError.StatusCode, readError.StatusCode == 413 ? "request_too_large" : "invalid_request_error", readError.Message);
            return null;
        }

        var (reader, error, document) = AssistantRequestReader.Parse(raw);
        if (reader is null)
        {
            await AdminResults.BadRequestAsync(http, error!);
            return null;
        }

        AssistantCacheUse cache = (directives.NoRead, directives.NoWrite) switch
        {
            (true, true) => AssistantCacheUse.Off,
            (true, false) => AssistantCacheUse.Refresh,
            (false, true) => AssistantCacheUse.NoStore,
            _ => AssistantCacheUse.Use,
        };
        return new Body(reader, document!, cache);
    }

    /// <summary>Checks the given or detected language against the allow-list; writes the 400 when it fails.</summary>
    private async Task<(bool Ok, Language? Language)> CheckLanguageAsync(HttpContext http, string? name, string path, string code)
    {
        string? effective = name;
        if (string.IsNullOrWhiteSpace(effective))
        {
            effective = LanguageDetector.Detect(path, SourceFileFirstLine(code))?.Id;
        }

        LimitViolation? violation = limits.CheckLanguage(effective, out Language? language);
        return await RefuseAsync(http, violation) ? (false, null) : (true, language);
    }

    private static string SourceFileFirstLine(string text)
    {
        int end = text.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).TrimEnd('\r');
    }

    private static async Task<bool> RefuseAsync(HttpContext http, LimitViolation? violation)
    {
        if (violation is null)
        {
            return false;
        }

        await AdminResults.ErrorAsync(http, violation.StatusCode, violation.StatusCode == 413 ? "request_too_large" : "invalid_request_error", violation.Message);
        return true;
    }

    private static async Task<bool> FailAsync(HttpContext http, AssistantError? error)
    {
        if (error is null)
        {
            return false;
        }

        int status = error.StatusCode is >= 400 and < 600 ? error.StatusCode : 502;
        await AdminResults.ErrorAsync(http, status, error.Kind, error.Message);
        return true;
    }

    private sealed record Body(AssistantRequestReader Reader, System.Text.Json.JsonDocument Document, AssistantCacheUse Cache);
}
