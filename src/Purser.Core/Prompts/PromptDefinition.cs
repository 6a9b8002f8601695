using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Purser.Prompts;

/// <summary>
/// One prompt of the library (a role and its template), as it is in effect after the user file was merged over the
/// shipped defaults. Immutable: a reload replaces it with a new instance.
/// </summary>
internal sealed class PromptDefinition
{
    private const int VersionHashLength = 12;

    private readonly PromptTemplate _system;
    private readonly PromptTemplate _template;
    private readonly Dictionary<string, string> _defaults;

    internal PromptDefinition(
        string name,
        string description,
        PromptTemplate systemPrompt,
        PromptTemplate template,
        int maxTokens,
        double temperature,
        PromptTier tier,
        string? model,
        PromptResponseFormat responseFormat,
        string? declaredVersion,
        Dictionary<string, string> defaults,
        PromptSource source)
    {
        Name = name;
        Description = description;
        _system = systemPrompt;
        _template = template;
        MaxTokens = maxTokens;
        Temperature = temperature;
        Tier = tier;
        Model = model;
        ResponseFormat = responseFormat;
        DeclaredVersion = declaredVersion;
        _defaults = defaults;
        Source = source;
        Variables = [.. systemPrompt.Variables.Concat(template.Variables).Distinct(StringComparer.Ordinal)];
        RequiredVariables = [.. Variables.Where(v => !defaults.ContainsKey(v))];
        Version = ComputeVersion();
    }

    /// <summary>The prompt's name, its key in the file (e.g. <c>code_review</c>).</summary>
    public string Name { get; }

    /// <summary>What the prompt is for, one line.</summary>
    public string Description { get; }

    /// <summary>The system message template (may be empty).</summary>
    public string SystemPrompt => _system.Text;

    /// <summary>The user message template.</summary>
    public string Template => _template.Text;

    /// <summary>Maximum output tokens for the call.</summary>
    public int MaxTokens { get; }

    /// <summary>Sampling temperature.</summary>
    public double Temperature { get; }

    /// <summary>The preferred model tier.</summary>
    public PromptTier Tier { get; }

    /// <summary>A model or alias pinned by the file, taking precedence over <see cref="Tier"/>; null when not pinned.</summary>
    public string? Model { get; }

    /// <summary>The model or alias to send the request to: <see cref="Model"/> when pinned, else the tier's alias (<c>cheap</c>, <c>smart</c>, <c>fast</c>).</summary>
    public string Target => Model ?? PromptVocabulary.ToAlias(Tier);

    /// <summary>Text or JSON answers.</summary>
    public PromptResponseFormat ResponseFormat { get; }

    /// <summary>The revision label written in the file (<c>version</c>), if any.</summary>
    public string? DeclaredVersion { get; }

    /// <summary>
    /// The effective version: the declared label (if any), <c>+</c>, and a hash of everything that shapes the model's
    /// answer (prompts, defaults, sampling parameters, tier, model, format). Any change to the prompt changes it, so
    /// caches keyed on it never serve answers to an older prompt.
    /// </summary>
    public string Version { get; }

    /// <summary>Default values for variables the caller does not give.</summary>
    public IReadOnlyDictionary<string, string> Defaults => _defaults;

    /// <summary>Every variable the system prompt and template use, in order of first use.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>The variables without a default: a render must give them.</summary>
    public IReadOnlyList<string> RequiredVariables { get; }

    /// <summary>Shipped, overridden by the user file, or defined by the user file.</summary>
    public PromptSource Source { get; }

    /// <summary>
    /// Renders the system and user messages. Variables not given fall back to <see cref="Defaults"/>; extra variables are
    /// ignored; values are inserted verbatim.
    /// </summary>
    /// <exception cref="MissingPromptVariableException">A variable has neither a value nor a default.</exception>
    public RenderedPrompt Render(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        List<string>? missing = null;
        foreach (string variable in Variables)
        {
            if (!HasValue(variables, variable) && !_defaults.ContainsKey(variable))
            {
                (missing ??= []).Add(variable);
            }
        }

        if (missing is not null)
        {
            throw new MissingPromptVariableException(Name, missing, Variables);
        }

        string ValueOf(string variable) => HasValue(variables, variable) ? variables[variable] : _defaults[variable];

        return new RenderedPrompt(this, Render(_system, ValueOf), Render(_template, ValueOf));
    }

    private static bool HasValue(IReadOnlyDictionary<string, string> variables, string name) =>
        variables.TryGetValue(name, out string? value) && value is not null;

    private static string Render(PromptTemplate template, Func<string, string> valueOf)
    {
        var output = new StringBuilder(template.Text.Length + 256);
        template.RenderTo(output, valueOf);
        return output.ToString();
    }

    private string ComputeVersion()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("systemPrompt", SystemPrompt);
            writer.WriteString("template", Template);
            writer.WriteNumber("maxTokens", MaxTokens);
            writer.WriteNumber("temperature", Temperature);
            writer.WriteString("tier", PromptVocabulary.ToAlias(Tier));
            writer.WriteString("model", Model);
            writer.WriteString("responseFormat", PromptVocabulary.ToName(ResponseFormat));
            writer.WriteString("version", DeclaredVersion);
            writer.WriteStartObject("defaults");
            foreach (KeyValuePair<string, string> pair in _defaults.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(pair.Key, pair.Value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan))[..VersionHashLength];
        return DeclaredVersion is null ? hash : $"{DeclaredVersion}+{hash}";
    }
}
