namespace Purser.Assistant.Templates;

/// <summary>A template compared with a task (<c>purser templates similar</c>): the similarity and whether it would answer the task.</summary>
internal sealed record TemplateCandidate(LearnedTemplate Template, double Similarity, bool SameLanguage, bool SameStack, bool HasParameters, bool WouldMatch);
