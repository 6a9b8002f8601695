using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Purser.Budgets;
using Purser.Caching;
using Purser.Errors;
using Purser.Extensions.AI.Mapping;
using Purser.Keys;
using Purser.Pipeline;
using Purser.Streaming;
using MEAI = Microsoft.Extensions.AI;

namespace Purser.Extensions.AI;

/// <summary>
/// A Microsoft.Extensions.AI chat client backed by Purser's pipeline in this process: the configured providers,
/// routing, aliases and fallback, the response cache, budgets (a refusal is a <see cref="PurserBudgetExceededException"/>),
/// the secret guard and the ledger — the same as a call through the gateway. Each response carries
/// <see cref="UsageDetails"/> and a <see cref="PurserCallInfo"/> (cost, route, cache) in its AdditionalProperties.
/// Attribution comes from <see cref="ChatOptions"/> (<see cref="PurserChatOptionsExtensions.WithPurser"/>).
/// </summary>
public sealed class PurserChatClient : IChatClient
{
    private readonly PurserPipeline _pipeline;
    private readonly PurserChatClientOptions _options;
    private readonly KeyRegistry? _keys;
    private readonly string? _provider;
    private readonly ChatClientMetadata _metadata;

    /// <summary>A client over the Purser services composed in <paramref name="services"/> (by <c>services.AddPurser(configuration)</c> and its builder).</summary>
    /// <param name="services">The provider built from those services: its pipeline and, when keys are used, its virtual keys.</param>
    /// <param name="options">The default model, origin and attribution.</param>
    public PurserChatClient(IServiceProvider services, PurserChatClientOptions? options = null)
        : this(Required(services).GetRequiredService<PurserPipeline>(), options, services.GetService<KeyRegistry>(), provider: null)
    {
    }

    internal PurserChatClient(PurserPipeline pipeline, PurserChatClientOptions? options = null, KeyRegistry? keys = null)
        : this(pipeline, options, keys, provider: null)
    {
    }

    /// <param name="provider">Every model is served by this provider (UsePurser's wrapped client): a bare model name is qualified with it.</param>
    internal PurserChatClient(PurserPipeline pipeline, PurserChatClientOptions? options, KeyRegistry? keys, string? provider)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        _pipeline = pipeline;
        _options = options ?? new PurserChatClientOptions();
        _keys = keys;
        _provider = provider;
        _metadata = new ChatClientMetadata("purser", null, _options.DefaultModel);
    }

    public async Task<MEAI.ChatResponse> GetResponseAsync(IEnumerable<MEAI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        PurserContext context = Start(messages, options, stream: false);
        await _pipeline.ExecuteAsync(context, cancellationToken);
        if (context.Stream is { } unread)
        {
            await unread.CloseUnreadAsync();
        }

        ThrowIfFailed(context, cancellationToken);
        Chat.ChatResponse answer = context.Response!;
        var message = new MEAI.ChatMessage(MEAI.ChatRole.Assistant, ResponseMapper.ToContents(answer.Content)) { MessageId = answer.Id };
        return new MEAI.ChatResponse(message)
        {
            ResponseId = answer.Id.Length > 0 ? answer.Id : context.RequestId,
            ModelId = ModelOf(context),
            CreatedAt = answer.Created > 0 ? DateTimeOffset.FromUnixTimeSeconds(answer.Created) : context.StartedAt,
            FinishReason = ResponseMapper.ToFinishReason(answer.FinishReason),
            Usage = ResponseMapper.ToUsage(context.CacheStatus.IsAnsweredLocally() ? answer.Usage : context.Usage),
            AdditionalProperties = new() { [PurserProperties.CallInfo] = InfoOf(context) },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<MEAI.ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        PurserContext context = Start(messages, options, stream: true);
        await _pipeline.ExecuteAsync(context, cancellationToken);
        if (context.Stream is null)
        {
            ThrowIfFailed(context, cancellationToken);
        }

        string responseId = context.RequestId;
        string? model = null;
        if (context.Stream is { } stream)
        {
            PurserError? failure = null;
            await foreach (StreamChunk chunk in stream.WithCancellation(cancellationToken))
            {
                var contents = new List<AIContent>();
                foreach (StreamEvent e in chunk.Events)
                {
                    switch (e)
                    {
                        case StreamStartEvent start:
                            responseId = start.Id.Length > 0 ? start.Id : responseId;
                            model = start.Model.Length > 0 ? start.Model : model;
                            break;
                        case TextDeltaEvent text when text.Text.Length > 0:
                            contents.Add(new TextContent(text.Text));
                            break;
                        case ThinkingDeltaEvent thinking:
                            contents.Add(new TextReasoningContent(thinking.Text) { ProtectedData = thinking.Signature });
                            break;
                        case ErrorEvent error:
                            failure = error.Error;
                            break;
                    }
                }

                if (contents.Count > 0)
                {
                    yield return Update(contents, responseId, model ?? ModelOf(context));
                }
            }

            // The enumeration has completed the call: usage, price, budget and ledger are settled.
            if ((failure ?? context.Error) is { } streamError)
            {
                throw ToException(context, streamError, cancellationToken);
            }
        }
        else if (context.Response is { } cached)
        {
            // A cache hit (or a template answer): the stored answer as one update.
            yield return Update(ResponseMapper.ToContents([.. cached.Content.Where(p => p is not Chat.ToolCallPart)]), responseId, ModelOf(context));
        }

        // The tool calls complete, on the last update: the stream's accumulator assembled them into the response (a
        // cache hit has them stored).
        Chat.ChatResponse? answer = context.Response;
        var last = new List<AIContent>();
        last.AddRange((answer?.Content ?? []).OfType<Chat.ToolCallPart>().Where(c => c.Name.Length > 0).Select(c => ResponseMapper.ToFunctionCall(c.Id, c.Name, c.Arguments)));
        last.Add(new UsageContent(ResponseMapper.ToUsage(context.CacheStatus.IsAnsweredLocally() && answer is not null ? answer.Usage : context.Usage)));
        ChatResponseUpdate final = Update(last, responseId, model ?? ModelOf(context));
        final.FinishReason = answer is null ? null : ResponseMapper.ToFinishReason(answer.FinishReason);
        final.AdditionalProperties = new() { [PurserProperties.CallInfo] = InfoOf(context) };
        yield return final;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType == typeof(PurserPipeline) ? _pipeline
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private static IServiceProvider Required(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services;
    }

    public void Dispose()
    {
        // The pipeline belongs to the host's services.
    }

    private PurserContext Start(IEnumerable<MEAI.ChatMessage> messages, ChatOptions? options, bool stream)
    {
        ArgumentNullException.ThrowIfNull(messages);
        string model = options?.ModelId ?? _options.DefaultModel
            ?? throw new ArgumentException("No model: set ChatOptions.ModelId or PurserChatClientOptions.DefaultModel (a provider/model, a model name or an alias).", nameof(options));
        if (_provider is not null && !model.StartsWith(_provider + "/", StringComparison.OrdinalIgnoreCase))
        {
            model = _provider + "/" + model;
        }

        PurserCallOptions call = options.ReadPurser(_options.Defaults);
        Chat.ChatRequest request = RequestMapper.ToRequest(messages, options, model);
        request.Stream = stream;
        request.StreamIncludeUsage = stream;
        request.User = call.User;
        PurserContext context = _pipeline.CreateContext(request);
        context.Origin = _options.Origin;
        context.Attribution = new Attribution
        {
            User = call.User,
            Project = call.Project,
            Agent = call.Agent,
            Operation = call.Operation ?? "chat",
            Tags = [.. call.Tags],
        };
        context.CacheDirectives = call.Cache switch
        {
            PurserCacheMode.Force => new CacheDirectives { AllowNonDeterministic = true },
            PurserCacheMode.Refresh => new CacheDirectives { NoRead = true },
            PurserCacheMode.Off => new CacheDirectives { NoRead = true, NoWrite = true },
            _ => default,
        };
        if (call.Key is { } presented)
        {
            KeyRegistry keys = _keys ?? throw new InvalidOperationException("A virtual key was given but this client has no key registry: register budgets (AddBudgets) and create the client from the host's services.");
            KeyCheck check = keys.Check(presented);
            if (check.Outcome != KeyCheckOutcome.Valid)
            {
                throw new PurserException(check.Refusal ?? "The virtual key is not valid (unknown or mistyped pk-purser- key).", ErrorKind.Unauthorized.ToName(), 401, "invalid_api_key", context.RequestId);
            }

            KeyRegistry.Apply(context, check.Key!);
        }

        return context;
    }

    private static ChatResponseUpdate Update(IList<AIContent> contents, string responseId, string? model) =>
        new(MEAI.ChatRole.Assistant, contents) { ResponseId = responseId, MessageId = responseId, ModelId = model };

    private static string? ModelOf(PurserContext context) =>
        context.Response?.Model is { Length: > 0 } answered ? answered : context.ServedBy?.Model ?? context.Request.Model;

    private static void ThrowIfFailed(PurserContext context, CancellationToken cancellationToken)
    {
        if (context.Error is { } error)
        {
            throw ToException(context, error, cancellationToken);
        }
    }

    private static Exception ToException(PurserContext context, PurserError error, CancellationToken cancellationToken)
    {
        if (error.Kind == ErrorKind.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException(error.Message, cancellationToken);
        }

        if (error.Kind == ErrorKind.BudgetExceeded)
        {
            string budget = error.Headers?.GetValueOrDefault(BudgetHeaders.Budget) ?? "";
            DateTimeOffset? resets = error.Headers?.GetValueOrDefault(BudgetHeaders.ResetsAt) is { } at
                && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed) ? parsed : null;
            return new PurserBudgetExceededException(error.Message, context.RequestId, budget, resets);
        }

        return new PurserException(error.Message, error.Kind.ToName(), error.StatusCode, error.Code, context.RequestId);
    }

    private static PurserCallInfo InfoOf(PurserContext context) => new()
    {
        RequestId = context.RequestId,
        ServedBy = context.ServedBy?.Id,
        Route = context.Route?.Rule,
        CostUsd = context.CostUsd,
        SavedUsd = context.SavedUsd,
        Cache = context.CacheStatus.ToString().ToLowerInvariant(),
        BudgetTier = context.BudgetTier,
        Guard = context.Guard,
        Warnings = [.. context.Warnings],
    };
}
