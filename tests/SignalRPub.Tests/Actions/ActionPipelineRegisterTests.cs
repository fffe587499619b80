using Moq;
using SignalRPub.Tests.TestSupport;
using H = SignalRPub.Tests.TestSupport.PipelineHarness;

namespace SignalRPub.Tests.Actions;

public class ActionPipelineRegisterTests
{
    private readonly H _harness = new();

    [Fact]
    public async Task ExecuteAsync_RegisterAccepted_RegistersWithUpstreamUser()
    {
        _harness.Answer(200, """{"userId":"u1"}""");
        var connection = H.Connection();

        var response = await _harness.ExecuteAsync(H.Request(H.RegisterUri), connection);

        Assert.Equal(200, response.Status);
        Assert.True(connection.IsRegistered);
        Assert.Equal("u1", connection.UserId);
    }

    [Fact]
    public async Task ExecuteAsync_RegisterAccepted_JoinsConnectionAllAndUserGroups()
    {
        _harness.Answer(200, """{"userId":"u1"}""");

        await _harness.ExecuteAsync(H.Request(H.RegisterUri), H.Connection());

        VerifyJoined("$conn:" + H.ConnectionId);
        VerifyJoined("$all");
        VerifyJoined("$user:u1");
        _harness.Groups.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ExecuteAsync_RegisterAccepted_AnswersConnectionIdTokenAndUpstreamBody()
    {
        _harness.Answer(200, """{"userId":"u1","plan":"pro"}""");

        var response = await _harness.ExecuteAsync(H.Request(H.RegisterUri), H.Connection());

        Assert.Equal("\"" + H.ConnectionId + "\"", JsonAssert.Member(response.Body, "connectionId"));
        var token = System.Text.Json.JsonSerializer.Deserialize<string>(JsonAssert.Member(response.Body, "connectionToken"));
        Assert.Equal(H.ConnectionId, _harness.Tokens.Validate(token));
        JsonAssert.Equal("""{"userId":"u1","plan":"pro"}""", JsonAssert.Member(response.Body, "upstream"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("""{"ok":true}""")]
    [InlineData("""{"userId":42}""")]
    [InlineData("""["u1"]""")]
    public async Task ExecuteAsync_UpstreamWithoutStringUserId_RegistersWithoutUser(string upstreamBody)
    {
        _harness.Answer(200, upstreamBody);
        var connection = H.Connection();

        var response = await _harness.ExecuteAsync(H.Request(H.RegisterUri), connection);

        Assert.Equal(200, response.Status);
        Assert.True(connection.IsRegistered);
        Assert.Null(connection.UserId);
        _harness.Groups.Verify(g => g.AddAsync(It.IsAny<string>(), It.Is<string>(s => s.StartsWith("$user:", StringComparison.Ordinal)), It.IsAny<CancellationToken>()), Times.Never());
    }

    [Fact]
    public async Task ExecuteAsync_RegisterWithoutUpstreamBody_AnswersNullUpstream()
    {
        var response = await _harness.ExecuteAsync(H.Request(H.RegisterUri), H.Connection());

        Assert.Equal("null", JsonAssert.Member(response.Body, "upstream"));
    }

    [Fact]
    public async Task ExecuteAsync_SecondRegister_UpdatesUserAndKeepsIdAndToken()
    {
        var connection = H.Connection();
        _harness.Answer(200, """{"userId":"u1"}""");
        var first = await _harness.ExecuteAsync(H.Request(H.RegisterUri), connection);
        _harness.Answer(200, """{"userId":"u2"}""");

        var second = await _harness.ExecuteAsync(H.Request(H.RegisterUri), connection);

        Assert.Equal("u2", connection.UserId);
        Assert.Equal(JsonAssert.Member(first.Body, "connectionId"), JsonAssert.Member(second.Body, "connectionId"));
        Assert.Equal(JsonAssert.Member(first.Body, "connectionToken"), JsonAssert.Member(second.Body, "connectionToken"));
        _harness.Groups.Verify(g => g.RemoveAsync(H.ConnectionId, "$user:u1", It.IsAny<CancellationToken>()), Times.Once());
        VerifyJoined("$user:u2");
        VerifyJoined("$all");
    }

    [Fact]
    public async Task ExecuteAsync_RegisterRejected_LeavesConnectionUnregistered()
    {
        _harness.Answer(403, """{"reason":"bad credentials"}""");
        var connection = H.Connection();

        var response = await _harness.ExecuteAsync(H.Request(H.RegisterUri), connection);

        Assert.Equal(403, response.Status);
        JsonAssert.IsError("upstream_rejected", response.Body);
        JsonAssert.Equal("""{"reason":"bad credentials"}""", JsonAssert.Member(response.Body, "upstream"));
        Assert.False(connection.IsRegistered);
        _harness.VerifyNoGroupChanges();
    }

    [Fact]
    public async Task ExecuteAsync_SecondRegisterRejected_KeepsRegistrationAndUser()
    {
        var connection = H.Connection();
        _harness.Answer(200, """{"userId":"u1"}""");
        await _harness.ExecuteAsync(H.Request(H.RegisterUri), connection);
        _harness.Answer(401, """{"reason":"expired"}""");

        var response = await _harness.ExecuteAsync(H.Request(H.RegisterUri), connection);

        Assert.Equal(401, response.Status);
        Assert.True(connection.IsRegistered);
        Assert.Equal("u1", connection.UserId);
    }

    [Fact]
    public async Task ExecuteAsync_Register_ForwardsActionConnectionAndRequest()
    {
        await _harness.ExecuteAsync(H.Request(H.RegisterUri + "?app=1", """{"token":"t"}"""), H.Connection());

        var forwarded = Assert.Single(_harness.Forwarded);
        Assert.Equal("register", forwarded.Action);
        Assert.Equal(H.ConnectionId, forwarded.ConnectionId);
        Assert.Equal(H.RegisterUri + "?app=1", forwarded.PathAndQuery);
        Assert.Equal("""{"token":"t"}""", Utf8.Text(forwarded.Body));
        Assert.Equal([new KeyValuePair<string, string>("ts", "132132132")], forwarded.Headers);
        Assert.Equal("10.1.2.3", forwarded.RemoteIp);
        Assert.Equal("11", forwarded.Route.Id);
    }

    private void VerifyJoined(string group) =>
        _harness.Groups.Verify(g => g.AddAsync(H.ConnectionId, group, It.IsAny<CancellationToken>()), Times.Once());
}
