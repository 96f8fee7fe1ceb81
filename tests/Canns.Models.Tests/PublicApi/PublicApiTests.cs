namespace Canns.Models.Tests.PublicApi;

/// <summary>
/// The public API of Canns.Models, pinned: an unintended change (a member renamed, removed or made public) fails here.
/// To approve an intended change, copy PublicApi/Canns.Models.received.txt over PublicApi/Canns.Models.approved.txt.
/// </summary>
public class PublicApiTests
{
    [Test]
    public void PublicApi_OfCannsModels_IsTheApprovedOne() => PublicApiApproval.Verify(typeof(Canns.Models.AmariHopfieldNetwork).Assembly);
}
