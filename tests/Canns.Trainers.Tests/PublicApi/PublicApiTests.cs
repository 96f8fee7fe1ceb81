namespace Canns.Trainers.Tests.PublicApi;

/// <summary>
/// The public API of Canns.Trainers, pinned: an unintended change (a member renamed, removed or made public) fails here.
/// To approve an intended change, copy PublicApi/Canns.Trainers.received.txt over PublicApi/Canns.Trainers.approved.txt.
/// </summary>
public class PublicApiTests
{
    [Test]
    public void PublicApi_OfCannsTrainers_IsTheApprovedOne() => PublicApiApproval.Verify(typeof(Canns.Trainers.HebbianTrainer).Assembly);
}
