namespace Purser.Assistant.Templates;

/// <summary>A template with its earlier versions (<c>purser templates show</c>, <c>GET /api/templates/{id}</c>).</summary>
internal sealed record TemplateDetails(LearnedTemplate Template, IReadOnlyList<TemplateVersion> History);
