namespace Purser.Chat;

internal sealed record ToolChoice(ToolChoiceKind Kind, string? Name = null)
{
    public static readonly ToolChoice Auto = new(ToolChoiceKind.Auto);
    public static readonly ToolChoice None = new(ToolChoiceKind.None);
    public static readonly ToolChoice Required = new(ToolChoiceKind.Required);
}
