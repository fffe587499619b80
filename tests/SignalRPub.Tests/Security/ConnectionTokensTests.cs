using Microsoft.Extensions.Options;
using SignalRPub.Security;

namespace SignalRPub.Tests.Security;

public class ConnectionTokensTests
{
    private const string Secret = "token-secret-token-secret-0123456789";

    private readonly ConnectionTokens _tokens = Tokens(Secret);

    [Theory]
    [InlineData("conn-1")]
    [InlineData("AbC_dEf-123")]
    [InlineData("with.dots.inside")]
    public void Validate_IssuedToken_ReturnsItsConnection(string connectionId)
    {
        Assert.Equal(connectionId, _tokens.Validate(_tokens.Issue(connectionId)));
    }

    [Fact]
    public void Issue_SameConnection_GivesSameToken()
    {
        Assert.Equal(_tokens.Issue("c"), _tokens.Issue("c"));
    }

    [Fact]
    public void Issue_OtherNodeWithSameSecret_AcceptsToken()
    {
        Assert.Equal("c", Tokens(Secret).Validate(_tokens.Issue("c")));
    }

    [Fact]
    public void Validate_TokenFromAnotherSecret_ReturnsNull()
    {
        var other = Tokens("another-secret-another-secret-01234");

        Assert.Null(_tokens.Validate(other.Issue("conn-1")));
    }

    [Fact]
    public void Validate_TokensWithoutConfiguredSecret_DifferPerInstance()
    {
        var first = Tokens(null);
        var second = Tokens(null);

        Assert.Equal("c", first.Validate(first.Issue("c")));
        Assert.Null(second.Validate(first.Issue("c")));
    }

    [Fact]
    public void Validate_SignatureOfAnotherConnection_ReturnsNull()
    {
        var token = _tokens.Issue("conn-1");
        var forged = "conn-2" + token[token.LastIndexOf('.')..];

        Assert.Null(_tokens.Validate(forged));
    }

    [Fact]
    public void Validate_TamperedSignature_ReturnsNull()
    {
        var token = _tokens.Issue("conn-1");
        var last = token[^2];
        var tampered = token[..^2] + (last == 'A' ? 'B' : 'A') + token[^1];

        Assert.Null(_tokens.Validate(tampered));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData(".")]
    [InlineData("conn-1.")]
    [InlineData(".c2lnbmF0dXJl")]
    [InlineData("conn-1.!!!not-base64!!!")]
    [InlineData("conn-1.AAAA")]
    [InlineData("conn-1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer conn-1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Validate_Garbage_ReturnsNull(string? token)
    {
        Assert.Null(_tokens.Validate(token));
    }

    [Fact]
    public void Validate_OverlongToken_ReturnsNull()
    {
        var id = new string('c', 600);

        Assert.Null(_tokens.Validate(_tokens.Issue(id)));
    }

    [Fact]
    public void Issue_EmptyConnectionId_Throws()
    {
        Assert.Throws<ArgumentException>(() => _tokens.Issue(string.Empty));
    }

    private static ConnectionTokens Tokens(string? secret)
    {
        var options = new SignalRPubOptions();
        options.Security.TokenSecret = secret;
        return new ConnectionTokens(new LocalTokenSecret(Options.Create(options)));
    }
}
