namespace Purser.Assistant.Templates;

/// <summary>A parameter of a template: its role name (<c>Service</c>, <c>Entity</c>, <c>Url</c>, <c>Name</c>) and the value it had in the task.</summary>
internal sealed record TemplateParameter(string Name, string Value);
