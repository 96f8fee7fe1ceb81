namespace Canns.Testing;

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread, at once (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
