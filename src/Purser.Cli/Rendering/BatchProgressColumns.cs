using Purser.Pricing;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Purser.Cli.Rendering;

/// <summary>"12/40 files".</summary>
internal sealed class FilesDoneColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Markup($"[bold]{task.State.Get<int>(BatchProgressObserver.DoneKey)}[/]/{task.State.Get<int>(BatchProgressObserver.TotalKey)} files");
}

/// <summary>The cost so far.</summary>
internal sealed class CostSoFarColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Markup($"[green]{Markup.Escape(CostFormatter.Format(task.State.Get<decimal>(BatchProgressObserver.CostKey)))}[/]");
}

/// <summary>Time left, from the pace of the model calls so far.</summary>
internal sealed class EtaColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        double seconds = task.State.Get<double>(BatchProgressObserver.EtaKey);
        return new Markup(seconds < 0 ? "[grey]ETA --:--[/]" : $"[grey]ETA[/] {BatchProgressObserver.Clock(TimeSpan.FromSeconds(seconds))}");
    }
}
