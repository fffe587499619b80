using Moq;
using SignalRPub.Connections;
using SignalRPub.Protocol;
using SignalRPub.Tests.TestSupport;
using H = SignalRPub.Tests.TestSupport.PipelineHarness;

namespace SignalRPub.Tests.Actions;

public class ActionPipelineRoutingTests
{
    private readonly H _harness = new();

    [Theory]
    [InlineData("/nope")]
    [InlineData("/msg-pub")]
    [InlineData("/other")]
    [InlineData(H.OtherEntrySubAddUri)]
    public async Task ExecuteAsync_NoActionRouteForTheEntry_AnswersNotFound(string uri)
    {
        var response = await _harness.ExecuteAsync(H.Topics(uri, "a"), H.Registered());

        Assert.Equal(404, response.Status);
        JsonAssert.IsError("not_found", response.Body);
        _harness.VerifyNotForwarded();
    }

    [Fact]
    public async Task ExecuteAsync_ActionOfAnEntryForConnectionWithoutEntry_AnswersNotFound()
    {
        var response = await _harness.ExecuteAsync(H.Topics(H.LocalSubAddUri, "a"), H.RegisteredOn(null));

        Assert.Equal(404, response.Status);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData(null)]
    public async Task ExecuteAsync_ActionWithoutSuperiorId_ServesEveryEntry(string? entryId)
    {
        var response = await _harness.ExecuteAsync(H.Topics(H.AnyEntrySubAddUri, "a"), H.RegisteredOn(entryId));

        Assert.Equal(200, response.Status);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task ExecuteAsync_MethodNotPost_AnswersMethodNotAllowed(string method)
    {
        var response = await _harness.ExecuteAsync(H.Request(H.SubAddUri, """{"topics":["a"]}""", method), H.Registered());

        Assert.Equal(405, response.Status);
        JsonAssert.IsError("method_not_allowed", response.Body);
        _harness.VerifyNotForwarded();
    }

    [Fact]
    public async Task ExecuteAsync_HttpRegister_AnswersUpgradeRequired()
    {
        var connection = H.Connection();

        var response = await _harness.ExecuteAsync(H.Request(H.RegisterUri, isHttp: true), connection);

        Assert.Equal(426, response.Status);
        JsonAssert.IsError("upgrade_required", response.Body);
        Assert.False(connection.IsRegistered);
        _harness.VerifyNotForwarded();
    }

    [Theory]
    [InlineData(H.SubAddUri)]
    [InlineData(H.SubPutUri)]
    [InlineData(H.SubDeleteUri)]
    [InlineData(H.LocalSubAddUri)]
    [InlineData(H.DisconnectUri)]
    public async Task ExecuteAsync_ActionBeforeRegister_AnswersNotRegistered(string uri)
    {
        var connection = H.Connection();

        var response = await _harness.ExecuteAsync(H.Topics(uri, "a"), connection);

        Assert.Equal(401, response.Status);
        JsonAssert.IsError("not_registered", response.Body);
        Assert.Empty(connection.Topics);
        Assert.False(connection.IsClosing);
        _harness.VerifyNotForwarded();
    }

    [Theory]
    [InlineData("\"7\"")]
    [InlineData("7")]
    public async Task ExecuteFrameAsync_MsgId_IsEchoedAsGiven(string msgId)
    {
        var response = await _harness.ExecuteFrameAsync($$$"""{"uri":"/nope","header":{"msgId":{{{msgId}}}}}""", H.Registered());

        Assert.Equal(msgId, Utf8.Text(response.MsgId));
    }

    [Fact]
    public async Task ExecuteFrameAsync_InvalidJson_AnswersInvalidJson()
    {
        var response = await _harness.ExecuteFrameAsync("{nope", H.Registered());

        Assert.Equal(400, response.Status);
        JsonAssert.IsError("invalid_json", response.Body);
        Assert.True(response.MsgId.IsEmpty);
    }

    [Fact]
    public async Task ExecuteFrameAsync_SeedFrame_RunsTheAction()
    {
        var connection = H.Registered();

        var response = await _harness.ExecuteFrameAsync(
            $$$"""{"uri":"{{{H.SubAddUri}}}","header":{"ts":132132132,"msgId":"2"},"body":{"topics":["hq_100001_129","hq_100001_123"]}}""",
            connection);

        Assert.Equal("\"2\"", Utf8.Text(response.MsgId));
        JsonAssert.Equal("""{"topics":["hq_100001_123","hq_100001_129"],"upstream":null}""", response.Body);
    }

    [Fact]
    public async Task ExecuteFrameAsync_ConnectionEnded_RunsNothing()
    {
        var connection = H.Registered();
        connection.IsClosing = true;

        var response = await _harness.ExecuteFrameAsync($$$"""{"uri":"{{{H.SubAddUri}}}","body":{"topics":["a"]}}""", connection);

        Assert.Equal(503, response.Status);
        _harness.VerifyNotForwarded();
        _harness.VerifyNoGroupChanges();
    }

    [Fact]
    public async Task ExecuteFrameAsync_InvalidFrameFromTheHubProtocol_AnswersInvalidJson()
    {
        var response = await _harness.Pipeline.ExecuteFrameAsync(RequestFrame.Invalid("A string is not valid UTF-8."), H.Registered(), CancellationToken.None);

        Assert.Equal(400, response.Status);
        JsonAssert.IsError("invalid_json", response.Body);
    }

    [Fact]
    public async Task ExecuteFrameAsync_OverTheFrameRate_Answers429WithTheFramesMsgIdAndRunsNothing()
    {
        var connection = new ConnectionState(H.ConnectionId, "1", isRaw: true, null, Mock.Of<IConnectionCloser>(), 0)
        {
            Frames = new FrameRateLimiter(framesPerSecond: 1, burst: 1, TimeProvider.System),
        };
        connection.MarkRegistered(null);
        var frame = $$$"""{"uri":"{{{H.SubAddUri}}}","header":{"msgId":"m2"},"body":{"topics":["a"]}}""";
        await _harness.ExecuteFrameAsync(frame, connection);
        _harness.Forwarded.Clear();

        var response = await _harness.ExecuteFrameAsync(frame, connection);

        Assert.Equal(429, response.Status);
        JsonAssert.IsError("rate_limited", response.Body);
        Assert.Equal("\"m2\"", Utf8.Text(response.MsgId));
        Assert.Empty(_harness.Forwarded);
    }
}
