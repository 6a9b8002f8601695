namespace Purser.Assistant.Templates;

/// <summary>A template that answers a task: how similar the tasks are, the new task's parameters and the code with them written in.</summary>
internal sealed record TemplateMatch(LearnedTemplate Template, double Similarity, IReadOnlyList<TemplateParameter> Parameters, string Code);
