using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Purser.Assistant.Hosting;
using Purser.Chat;
using Purser.Prompts;

namespace Purser.Assistant.Calls;

/// <summary>
/// Makes assistant model calls: renders the prompt from the library, chooses the model, builds the canonical
/// <see cref="ChatRequest"/> and sends it through the backend (Purser's pipeline, or a remote gateway).
/// </summary>
internal sealed class AssistantRunner(PromptLibrary prompts, ModelChooser chooser, AssistantOptions options, IAssistantBackend backend, ILogger<AssistantRunner>? logger = null)
{
    public IAssistantBackend Backend => backend;

    internal ILogger Logger { get; } = (ILogger?)logger ?? NullLogger.Instance;

    public PromptLibrary Prompts => prompts;

    /// <summary>The model a call of <paramref name="operation"/> with prompt <paramref name="promptName"/> would use, or why there is none.</summary>
    public ModelChoice ChooseModel(string operation, string promptName, string? requested)
    {
        PromptDefinition prompt = prompts.Get(promptName);
        if (!backend.IsRemote)
        {
            return chooser.Choose(operation, prompt, requested);
        }

        // The remote gateway resolves models with its own providers and aliases.
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return new ModelChoice(requested.Trim(), "chosen by the caller");
        }

        if (options.Models.TryGetValue(operation, out string? perOperation) && !string.IsNullOrWhiteSpace(perOperation))
        {
            return new ModelChoice(perOperation, $"{AssistantOptions.SectionName}:Models:{operation}");
        }

        return !string.IsNullOrWhiteSpace(options.Model)
            ? new ModelChoice(options.Model, $"{AssistantOptions.SectionName}:Model")
            : new ModelChoice(prompt.Target, "the prompt's model or tier alias, resolved by the gateway");
    }

    /// <summary>Renders, sends and returns the call. Never throws for a failed call or a missing model: see <see cref="AssistantCall.Error"/>.</summary>
    /// <exception cref="PromptException">The prompt is missing or a variable has no value (a bug or a broken user prompt file).</exception>
    public async Task<AssistantCall> RunAsync(AssistantCallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RenderedPrompt rendered = prompts.Render(request.PromptName, request.Variables);
        ModelChoice choice = ChooseModel(request.Operation, request.PromptName, request.Model);
        var call = new AssistantCall
        {
            Operation = request.Operation,
            PromptName = rendered.Name,
            PromptVersion = rendered.Version,
            Model = choice.Model ?? "",
            ModelReason = choice.Reason,
            MaxTokens = rendered.MaxTokens,
        };
        if (!choice.Succeeded)
        {
            AssistantLog.NoModel(Logger, request.Operation);
            call.Error = new AssistantError(400, "no_provider", choice.Error!);
            return call;
        }

        ChatRequest chat = rendered.ToChatRequest(choice.Model);
        await backend.SendAsync(chat, request, call, cancellationToken);
        if (!call.Succeeded)
        {
            AssistantLog.CallFailed(Logger, call.RequestId, call.Operation, call.Model, call.Error!.Kind, call.Error.StatusCode);
            return call;
        }

        AssistantLog.CallCompleted(Logger, call.RequestId, call.Operation, call.PromptName, call.PromptVersion, call.ServedBy, call.Usage.InputTokens, call.Usage.OutputTokens, call.CostUsd);
        if (call.FinishReason == FinishReason.Length)
        {
            call.Warnings.Add($"The answer reached the prompt's output limit ({rendered.MaxTokens} tokens) and was cut off.");
        }

        return call;
    }
}
