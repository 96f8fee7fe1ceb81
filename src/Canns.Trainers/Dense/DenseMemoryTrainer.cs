using Canns.Models;

namespace Canns.Trainers;

/// <summary>
/// Stores ±1 patterns in a <see cref="DenseAssociativeMemory"/> (each a row of W, appended after those stored before)
/// and recalls them through the memory's own energy-descending dynamics, step by step.
/// </summary>
/// <remarks>
/// Storage is one-shot: the memories are the patterns themselves. Recall runs on the step path whatever
/// <c>useCompile</c> says (the memory's step is already the fused kernel: overlaps kept up to date from the flipped
/// units), so both settings give the same results.
/// </remarks>
public sealed class DenseMemoryTrainer : HopfieldTrainer
{
    /// <summary>Creates the trainer.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A recall option is out of range.</exception>
    public DenseMemoryTrainer(DenseAssociativeMemory model, RecallOptions? recall = null)
        : base(model, recall)
    {
        Memory = model;
    }

    /// <summary>The memory, typed.</summary>
    public DenseAssociativeMemory Memory { get; }

    /// <summary>Appends every row of <paramref name="data"/> as a memory.</summary>
    /// <exception cref="ArgumentException">The data are empty, not N wide, not all ±1, or do not fit in the room left; nothing is stored.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before storing; nothing is stored.</exception>
    /// <remarks>The one progress report comes before the memories are appended, so a handler that throws leaves nothing stored.</remarks>
    public override void Train(Matrix data, CancellationToken cancellationToken = default)
    {
        ValidateData(data, Memory.Size);
        Guard.ThrowIfNotBipolar(data, nameof(data), "dense associative memory");
        cancellationToken.ThrowIfCancellationRequested();
        lock (Memory.SyncRoot)
        {
            int room = Memory.Capacity - Memory.MemoryCount;
            if (data.Rows > room)
            {
                throw new ArgumentException(
                    $"{data.Rows} patterns do not fit: the memory holds {Memory.MemoryCount} of its capacity {Memory.Capacity} ({room} left).", nameof(data));
            }
            // Reported before the memories go in: a progress handler that throws leaves the memory as it was.
            Report(TrainingPhase.Training, data.Rows, data.Rows);
            Memory.Append(data);
        }
    }

    /// <summary>Forgets every stored memory (W back to zero).</summary>
    public override void ResetAccumulation()
    {
        lock (Memory.SyncRoot) Memory.Clear();
    }
}
