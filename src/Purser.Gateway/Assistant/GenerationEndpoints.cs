using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Purser.Assistant.Calls;
using Purser.Assistant.CrossCheck;
using Purser.Assistant.Files;
using Purser.Assistant.Generation;
using Purser.Assistant.Json;
using Purser.Assistant.Languages;
using Purser.Assistant.Limits;
using Purser.Assistant.Templates;
using Purser.Assistant.Validation;
using Purser.Gateway.Admin;
using Purser.Gateway.Http;

namespace Purser.Gateway.Assistant;

/// <summary>
/// <c>POST /api/validate</c>, <c>POST /api/generate</c> and <c>/api/templates</c>: the validator, hybrid generation and the
/// learned templates over HTTP, through the same services as the CLI (model calls origin "api").
/// </summary>
internal sealed class GenerationEndpoints(CodeValidator validator, CrossChecker crossChecker, CodeGenerator generator, TemplateCatalog catalog, AnalysisLimits limits, GatewayOptions gateway)
{
    public async Task ValidateAsync(HttpContext http)
    {
        if (await ReadAsync(http) is not { } body)
        {
            return;
        }

        using (body.Document)
        {
            string? error = null;
            string path = body.Reader.String("file_path", required: false, ref error) ?? body.Reader.String("path", required: false, ref error) ?? "snippet";
            string? code = body.Reader.String("content", required: false, ref error) ?? body.Reader.String("code", required: false, ref error);
            string? languageName = body.Reader.String("language", required: false, ref error);
            int? threshold = body.Reader.Integer("threshold", 0, 100, ref error);
            bool crossCheck = body.Reader.Boolean("cross_check", ref error);
            string? reviewModel = body.Reader.String("review_model", required: false, ref error);
            string? task = body.Reader.String("task", required: false, ref error);
            if (error is null && code is null)
            {
                error = "'content' is required.";
            }

            if (error is not null)
            {
                await AdminResults.BadRequestAsync(http, error);
                return;
            }

            if (limits.CheckSize(Encoding.UTF8.GetByteCount(code!), "'content'") is { } tooLarge)
            {
                await AdminResults.ErrorAsync(http, tooLarge.StatusCode, "request_too_large", tooLarge.Message);
                return;
            }

            Language? language = languageName is null ? LanguageDetector.Detect(path, SourceFile.FirstLine(code!)) : LanguageDetector.Find(languageName);
            if (language is null)
            {
                await AdminResults.BadRequestAsync(http, languageName is null
                    ? "Give 'language' (or a 'file_path' with an extension): the code's language cannot be told."
                    : $"'language' '{languageName}' is not a language Purser recognises.");
                return;
            }

            SourceFile file = SourceFile.FromText(path, code!, language);
            ValidationReport report = validator.Validate(file, threshold);
            decimal? cost = 0m;
            if (crossCheck)
            {
                CrossCheckOutcome outcome = await crossChecker.ReviewAsync(file, RiskDetector.Detect(code!, task), task, null, reviewModel, "api", http.RequestAborted);
                report = CrossChecker.Join(report, outcome);
                cost = outcome.Call?.CostUsd ?? (outcome.Call is null ? 0m : null);
            }

            var run = new ValidationRun { Path = path, Threshold = report.Threshold, Files = [report], CostUsd = cost };
            await AdminResults.JsonAsync(http, AssistantJson.Serialize(run));
        }
    }

    public async Task GenerateAsync(HttpContext http)
    {
        if (await ReadAsync(http) is not { } body)
        {
            return;
        }

        using (body.Document)
        {
            string? error = null;
            var request = new GenerationRequest
            {
                Task = body.Reader.String("task", required: true, ref error) ?? "",
                Stack = body.Reader.StringList("stack", ref error) is { Count: > 0 } stack ? stack : body.Reader.StringList("tech_stack", ref error),
                Language = body.Reader.String("language", required: false, ref error),
                Model = body.Reader.String("model", required: false, ref error),
                ReviewModel = body.Reader.String("review_model", required: false, ref error),
                NoTemplate = body.Reader.Boolean("no_template", ref error),
                Threshold = body.Reader.Integer("threshold", 0, 100, ref error),
                Origin = "api",
            };
            if (error is null && request.Language is { } named && LanguageDetector.Find(named) is null)
            {
                error = $"'language' '{named}' is not a language Purser recognises.";
            }

            if (error is not null)
            {
                await AdminResults.BadRequestAsync(http, error);
                return;
            }

            if (limits.CheckSize(Encoding.UTF8.GetByteCount(request.Task) + request.Stack.Sum(s => Encoding.UTF8.GetByteCount(s)), "The task") is { } tooLarge)
            {
                await AdminResults.ErrorAsync(http, tooLarge.StatusCode, "request_too_large", tooLarge.Message);
                return;
            }

            GenerationResult result = await generator.GenerateAsync(request, http.RequestAborted);
            if (result.Error is { } failure)
            {
                int status = failure.StatusCode is >= 400 and < 600 ? failure.StatusCode : 502;
                await AdminResults.ErrorAsync(http, status, failure.Kind, failure.Message);
                return;
            }

            await AdminResults.JsonAsync(http, AssistantJson.Serialize(result));
        }
    }

    public async Task ListTemplatesAsync(HttpContext http) =>
        await AdminResults.JsonAsync(http, AssistantJson.Serialize(await catalog.ListAsync(http.RequestAborted)));

    public async Task ShowTemplateAsync(HttpContext http, string id)
    {
        if (await IdAsync(http, id) is not long templateId)
        {
            return;
        }

        if (await catalog.ShowAsync(templateId, http.RequestAborted) is not { } details)
        {
            await NotFoundAsync(http, templateId);
            return;
        }

        await AdminResults.JsonAsync(http, AssistantJson.Serialize(details));
    }

    public async Task SimilarTemplatesAsync(HttpContext http)
    {
        string? task = http.Request.Query["task"];
        if (string.IsNullOrWhiteSpace(task))
        {
            await AdminResults.BadRequestAsync(http, "The query parameter 'task' is required.");
            return;
        }

        int limit = int.TryParse(http.Request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is > 0 and <= 100 ? n : 10;
        string[] stack = ((string?)http.Request.Query["stack"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        IReadOnlyList<TemplateCandidate> candidates = await catalog.SimilarAsync(task, http.Request.Query["language"], stack, limit, http.RequestAborted);
        await AdminResults.JsonAsync(http, AssistantJson.Serialize(candidates));
    }

    public async Task EditTemplateAsync(HttpContext http, string id)
    {
        if (await IdAsync(http, id) is not long templateId || await ReadAsync(http) is not { } body)
        {
            return;
        }

        using (body.Document)
        {
            string? error = null;
            string? code = body.Reader.String("code", required: true, ref error);
            if (error is not null)
            {
                await AdminResults.BadRequestAsync(http, error);
                return;
            }

            (LearnedTemplate? edited, string? problem) = await catalog.EditAsync(templateId, code!, http.RequestAborted);
            if (problem is not null)
            {
                await AdminResults.BadRequestAsync(http, problem);
                return;
            }

            if (edited is null)
            {
                await NotFoundAsync(http, templateId);
                return;
            }

            await AdminResults.JsonAsync(http, AssistantJson.Serialize(edited));
        }
    }

    public async Task DeleteTemplateAsync(HttpContext http, string id)
    {
        if (await IdAsync(http, id) is not long templateId)
        {
            return;
        }

        if (!await catalog.DeleteAsync(templateId, http.RequestAborted))
        {
            await NotFoundAsync(http, templateId);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public async Task ExportTemplatesAsync(HttpContext http) =>
        await AdminResults.JsonAsync(http, AssistantJson.Serialize(await catalog.ExportAsync(http.RequestAborted)));

    public async Task ImportTemplatesAsync(HttpContext http)
    {
        var (raw, readError) = await RequestBody.ReadAsync(http.Request, gateway.MaxRequestBodyBytes, http.RequestAborted);
        if (readError is not null)
        {
            await AdminResults.ErrorAsync(http, readError.StatusCode, readError.StatusCode == 413 ? "request_too_large" : "invalid_request_error", readError.Message);
            return;
        }

        try
        {
            TemplateExport export = JsonSerializer.Deserialize(raw.Span, AssistantJsonContext.Default.TemplateExport) ?? throw new JsonException("The body is null.");
            (int added, int upgraded, int kept) = await catalog.ImportAsync(export, http.RequestAborted);
            await AdminResults.JsonAsync(http, string.Create(CultureInfo.InvariantCulture, $"{{\"added\":{added},\"upgraded\":{upgraded},\"kept\":{kept}}}"));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or NotSupportedException)
        {
            await AdminResults.BadRequestAsync(http, "The body is not a template export (purser templates export): " + ex.Message);
        }
    }

    private async Task<Body?> ReadAsync(HttpContext http)
    {
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

        return new Body(reader, document!);
    }

    private static async Task<long?> IdAsync(HttpContext http, string id)
    {
        if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value > 0)
        {
            return value;
        }

        await AdminResults.BadRequestAsync(http, $"'{id}' is not a template id (a positive integer).");
        return null;
    }

    private static Task NotFoundAsync(HttpContext http, long id) =>
        AdminResults.ErrorAsync(http, 404, "not_found", $"No template {id}.");

    private sealed record Body(AssistantRequestReader Reader, JsonDocument Document);
}
