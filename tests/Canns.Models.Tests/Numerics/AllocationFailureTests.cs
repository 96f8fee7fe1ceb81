using Canns.Numerics;

namespace Canns.Models.Tests.Numerics;

/// <summary>
/// Running out of memory part-way through a model's constructor is the documented <see cref="ArgumentOutOfRangeException"/>
/// naming what could not be allocated, not a bare <see cref="OutOfMemoryException"/>. The failures are simulated on this
/// thread (<see cref="LargeBuffers.FailAllocationAfter"/>): a real one needs a machine that runs out at the right array.
/// </summary>
public class AllocationFailureTests
{
    [Test]
    public void RecurrentSpikingNetwork_MaskCannotBeAllocated_ThrowsNamingTheMaskAndItsBytes()
    {
        ArgumentOutOfRangeException? e;
        using (LargeBuffers.FailAllocationAfter(1)) // W succeeds, the N × N mask fails
        {
            e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { Seed = 1 }));
        }
        Assert.That(e!.Message, Does.Contain("The connectivity mask of a RecurrentSpikingNetwork of 30 neurons needs 3600 bytes, which cannot be allocated."));
        Assert.That(e.InnerException, Is.TypeOf<OutOfMemoryException>());
    }

    [Test]
    public void RecurrentSpikingNetwork_WeightsCannotBeAllocated_ThrowsNamingW()
    {
        ArgumentOutOfRangeException? e;
        using (LargeBuffers.FailAllocationAfter(0))
        {
            e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { Seed = 1 }));
        }
        Assert.That(e!.Message, Does.Contain("Parameter 'W' of shape (30, 30) needs 3600 bytes"));
    }

    [Test]
    public void DenseAssociativeMemory_ColumnCopyCannotBeAllocated_ThrowsNamingItAndItsBytes()
    {
        ArgumentOutOfRangeException? e;
        using (LargeBuffers.FailAllocationAfter(2)) // W and s succeed, the K × N double copy fails
        {
            e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DenseAssociativeMemory(20, 5));
        }
        Assert.That(e!.Message, Does.Contain("The column copy of a DenseAssociativeMemory of 20 units × 5 memories needs 800 bytes, which cannot be allocated."));
    }

    [Test]
    public void FailAllocationAfter_ScopeEnds_AllocationsSucceedAgain()
    {
        using (LargeBuffers.FailAllocationAfter(0))
        {
            Assert.Throws<OutOfMemoryException>(() => LargeBuffers.Zeroed<float>(4));
        }
        Assert.That(LargeBuffers.Zeroed<float>(4), Has.Length.EqualTo(4));
        Assert.That(new RecurrentSpikingNetwork(30, new RecurrentSpikingOptions { Seed = 1 }).Size, Is.EqualTo(30));
    }

    [Test]
    public void Int16HopfieldNetwork_CouplingsCannotBeAllocated_ThrowsNamingThemAndTheirBytes()
    {
        ArgumentOutOfRangeException? e;
        using (LargeBuffers.FailAllocationAfter(0))
        {
            e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Int16HopfieldNetwork(10));
        }
        Assert.That(e!.Message, Does.Contain("The couplings J of an Int16HopfieldNetwork of 10 neurons needs 200 bytes, which cannot be allocated."));
    }

    [Test]
    public void ZeroedFor_LengthBeyondAnArray_ThrowsWithoutAllocating()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LargeBuffers.ZeroedFor<double>((long)Array.MaxLength + 1, "A test array"));
        Assert.That(e!.Message, Is.EqualTo($"A test array needs {((long)Array.MaxLength + 1) * 8} bytes, which cannot be allocated."), "the message alone, as when the allocation fails");
    }
}
