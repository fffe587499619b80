using SignalRPub.Security;

namespace SignalRPub.Tests.Security;

public class ApiKeyTests
{
    private const string Value = "publish-key-0123456789";

    private readonly ApiKey _key = new(Value, generated: false);

    [Fact]
    public void Matches_SameValue_ReturnsTrue()
    {
        Assert.True(_key.Matches("publish-key-0123456789"));
    }

    [Theory]
    [InlineData("publish-key-0123456788")]
    [InlineData("PUBLISH-KEY-0123456789")]
    [InlineData("publish-key-012345678")]
    [InlineData("publish-key-01234567890")]
    [InlineData(" publish-key-0123456789")]
    [InlineData("x")]
    [InlineData("")]
    public void Matches_OtherValue_ReturnsFalse(string candidate)
    {
        Assert.False(_key.Matches(candidate));
    }

    [Fact]
    public void Matches_Null_ReturnsFalse()
    {
        Assert.False(_key.Matches(null));
    }

    [Fact]
    public void Constructor_EmptyValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ApiKey(string.Empty, generated: false));
    }

    [Fact]
    public void NewRandomValue_IsLongHexAndDifferentEachTime()
    {
        var first = ApiKey.NewRandomValue();
        var second = ApiKey.NewRandomValue();

        Assert.Matches("^[0-9a-f]{48}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Generated_IsKept()
    {
        Assert.True(new ApiKey("k", generated: true).Generated);
        Assert.False(_key.Generated);
    }
}
