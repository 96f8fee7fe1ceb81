namespace Canns.Analysis.Tests.PublicApi;

/// <summary>
/// The public API of Canns.Analysis, pinned: an unintended change (a member renamed, removed or made public) fails here.
/// To approve an intended change, copy PublicApi/Canns.Analysis.received.txt over PublicApi/Canns.Analysis.approved.txt.
/// </summary>
public class PublicApiTests
{
    [Test]
    public void PublicApi_OfCannsAnalysis_IsTheApprovedOne() => PublicApiApproval.Verify(typeof(Canns.Analysis.CapacityStudy).Assembly);
}
