using SignalRPub.Connections;

namespace SignalRPub.Tests.Connections;

public class TopicSetTests
{
    [Fact]
    public void Contains_TopicsGivenInAnyOrder_FindsEachAndNothingElse()
    {
        var set = new TopicSet(["b", "a", "hq_100001_129", "A"]);

        Assert.All(new[] { "a", "b", "A", "hq_100001_129" }, t => Assert.Contains(t, set));
        Assert.DoesNotContain("c", set);
        Assert.DoesNotContain("hq_100001", set);
        Assert.Equal(4, set.Count);
    }

    [Fact]
    public void Enumerate_Topics_InOrdinalOrder()
    {
        var set = new TopicSet(["b", "a", "B"]);

        Assert.Equal(["B", "a", "b"], set.ToArray());
    }

    [Fact]
    public void Empty_HasNoTopics()
    {
        Assert.Empty(TopicSet.Empty);
        Assert.DoesNotContain("a", TopicSet.Empty);
    }

    [Fact]
    public void SetRelations_AgainstOtherSets_AnswerAsAHashSetWould()
    {
        var set = new TopicSet(["a", "b"]);

        Assert.True(set.SetEquals(["b", "a"]));
        Assert.True(set.IsSubsetOf(["a", "b", "c"]));
        Assert.True(set.IsProperSubsetOf(["a", "b", "c"]));
        Assert.True(set.IsSupersetOf(["a"]));
        Assert.True(set.IsProperSupersetOf(["a"]));
        Assert.True(set.Overlaps(["b", "z"]));
        Assert.False(set.Overlaps(["z"]));
    }
}
