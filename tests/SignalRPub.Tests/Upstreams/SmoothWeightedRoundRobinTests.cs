using SignalRPub.Routing;
using SignalRPub.Upstreams;

namespace SignalRPub.Tests.Upstreams;

public class SmoothWeightedRoundRobinTests
{
    [Fact]
    public void Pick_Weights3To1_RepeatsAABA()
    {
        var balancer = Balancer(3, 1);

        Assert.Equal("aaba" + "aaba" + "aaba", Picks(balancer, 12));
    }

    [Fact]
    public void Pick_Weights5To1To1_FollowsNginxSequence()
    {
        var balancer = Balancer(5, 1, 1);

        // nginx's documented sequence for weights a=5, b=1, c=1: a a b a c a a.
        Assert.Equal("aabacaa" + "aabacaa", Picks(balancer, 14));
    }

    [Fact]
    public void Pick_EqualWeights_Alternates()
    {
        Assert.Equal("abcabc", Picks(Balancer(1, 1, 1), 6));
    }

    [Fact]
    public void Pick_ManyRounds_HonoursWeights()
    {
        var picks = Picks(Balancer(3, 1), 400);

        Assert.Equal(300, picks.Count(c => c == 'a'));
        Assert.Equal(100, picks.Count(c => c == 'b'));
    }

    [Fact]
    public void Pick_ZeroWeight_NeverPicked()
    {
        var picks = Picks(Balancer(0, 2, 1), 30);

        Assert.DoesNotContain('a', picks);
        Assert.Equal(20, picks.Count(c => c == 'b'));
    }

    [Fact]
    public void Pick_IneligibleNode_IsSkipped()
    {
        var balancer = Balancer(5, 1);

        var picks = Enumerable.Range(0, 10).Select(_ => balancer.Pick("conn", i => i != 0)).ToList();

        Assert.All(picks, p => Assert.Equal(1, p));
    }

    [Fact]
    public void Pick_NoEligibleNode_ReturnsMinusOne()
    {
        Assert.Equal(-1, Balancer(1, 1).Pick("conn", _ => false));
    }

    [Fact]
    public void Pick_OnlyZeroWeights_ReturnsMinusOne()
    {
        Assert.Equal(-1, Balancer(0, 0).Pick("conn", _ => true));
    }

    private static SmoothWeightedRoundRobin Balancer(params int[] weights) =>
        new(weights.Select((w, i) => new UpstreamNode($"node{i}", 80, w)).ToList());

    private static string Picks(SmoothWeightedRoundRobin balancer, int count) =>
        new(Enumerable.Range(0, count).Select(_ => (char)('a' + balancer.Pick("conn", _ => true))).ToArray());
}
