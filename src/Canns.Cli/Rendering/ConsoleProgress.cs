using Canns.Trainers;
using Spectre.Console;

namespace Canns.Cli.Rendering;

/// <summary>
/// Renders <see cref="TrainingProgress"/> reports with Spectre.Console: a bar for training, a bar over probes for a
/// batch, and the iteration and energy on the step path. The libraries only report; this is one renderer of many.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>
    /// Runs <paramref name="work"/> with a live progress display fed by the <see cref="IProgress{T}"/> it is given.
    /// Where the console is not interactive (CI, redirected output) the work runs without a display.
    /// </summary>
    /// <remarks>
    /// Without <paramref name="console"/> a redirected standard output is settled before Spectre's process console is
    /// created: that console is never interactive, and creating it (capability detection, colour tables) costs about
    /// 60 ms of compilation in a batch run such as one shard of an array job.
    /// </remarks>
    public static T Run<T>(string title, Func<IProgress<TrainingProgress>?, T> work, IAnsiConsole? console = null)
    {
        if (console is null && Console.IsOutputRedirected) return work(null);
        console ??= AnsiConsole.Console;
        if (!console.Profile.Capabilities.Interactive)
        {
            return work(null);
        }
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title));
                var sink = new Sink(task, title);
                result = work(sink);
                task.Value = task.MaxValue;
            });
        return result;
    }

    private sealed class Sink(ProgressTask task, string title) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Total > 0)
            {
                task.MaxValue = value.Total;
                task.Value = value.Item;
            }
            task.Description = value.Energy is double e
                ? Markup.Escape($"{title} · iteration {value.Iteration} · E = {e:G6}")
                : Markup.Escape($"{title} · {value.Phase} {value.Item}/{value.Total}");
        }
    }
}
