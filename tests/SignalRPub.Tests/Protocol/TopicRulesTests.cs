using SignalRPub.Actions;
using SignalRPub.Protocol;

namespace SignalRPub.Tests.Protocol;

public class TopicRulesTests
{
    [Theory]
    [InlineData("hq_100001_129")]
    [InlineData("a")]
    [InlineData("a/b:c.d-e")]
    [InlineData("行情")]
    public void IsSubscribable_OrdinaryTopic_ReturnsTrue(string topic)
    {
        Assert.True(TopicRules.IsSubscribable(topic));
    }

    [Fact]
    public void IsSubscribable_256Characters_ReturnsTrue()
    {
        Assert.True(TopicRules.IsSubscribable(new string('t', 256)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData(" a")]
    [InlineData("a\t")]
    [InlineData("a\nb")]
    [InlineData("a\u0000b")]
    [InlineData("a\u007fb")]
    [InlineData("a\u00a0b")]
    [InlineData("$all")]
    [InlineData("$conn:abc")]
    [InlineData("$user:u1")]
    [InlineData("$anything")]
    public void IsSubscribable_BadOrReservedTopic_ReturnsFalse(string topic)
    {
        Assert.False(TopicRules.IsSubscribable(topic));
    }

    [Fact]
    public void IsWellFormed_257Characters_ReturnsFalse()
    {
        Assert.False(TopicRules.IsWellFormed(new string('t', 257)));
    }

    [Theory]
    [InlineData("quotes", true)]
    [InlineData("$all", true)]
    [InlineData("$conn:abc", true)]
    [InlineData("$user:u1", true)]
    [InlineData("$conn:", false)]
    [InlineData("$user:", false)]
    [InlineData("$ALL", false)]
    [InlineData("$other", false)]
    [InlineData("$", false)]
    [InlineData("a b", false)]
    [InlineData("", false)]
    public void IsPublishable_Topic_AllowsReservedForms(string topic, bool expected)
    {
        Assert.Equal(expected, TopicRules.IsPublishable(topic));
    }

    [Fact]
    public void ForConnectionAndForUser_BuildReservedTopics()
    {
        Assert.Equal("$conn:c1", TopicRules.ForConnection("c1"));
        Assert.Equal("$user:u1", TopicRules.ForUser("u1"));
    }
}
