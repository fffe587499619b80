using Moq;
using SignalRPub.Tests.TestSupport;
using SignalRPub.Upstreams;
using H = SignalRPub.Tests.TestSupport.PipelineHarness;

namespace SignalRPub.Tests.Actions;

public class ActionPipelineUpstreamTests
{
    private readonly H _harness = new();

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(409)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(302)]
    public async Task ExecuteAsync_UpstreamRejects_RelaysStatusWithUpstreamBodyAndKeepsState(int status)
    {
        _harness.Answer(status, """{"reason":"no"}""");
        var connection = H.Registered("a");

        var response = await _harness.ExecuteAsync(H.Topics(H.SubPutUri, "b"), connection);

        Assert.Equal(status, response.Status);
        JsonAssert.IsError("upstream_rejected", response.Body);
        JsonAssert.Equal("""{"reason":"no"}""", JsonAssert.Member(response.Body, "upstream"));
        Assert.Equal(["a"], connection.Topics);
        _harness.VerifyNoGroupChanges();
    }

    [Fact]
    public async Task ExecuteAsync_UpstreamRejectsWithoutBody_CarriesNullUpstream()
    {
        _harness.Answer(UpstreamResult.Answer(403, ReadOnlyMemory<byte>.Empty));

        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "b"), H.Registered());

        Assert.Equal("null", JsonAssert.Member(response.Body, "upstream"));
    }

    [Fact]
    public async Task ExecuteAsync_UpstreamUnavailable_Answers502UpstreamUnavailableAndKeepsState()
    {
        _harness.Answer(UpstreamResult.Unavailable);
        var connection = H.Registered("a");

        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "b"), connection);

        Assert.Equal(502, response.Status);
        JsonAssert.IsError("upstream_unavailable", response.Body);
        Assert.Equal(["a"], connection.Topics);
        _harness.VerifyNoGroupChanges();
    }

    [Fact]
    public async Task ExecuteAsync_UpstreamTimedOut_Answers504UpstreamTimeoutAndKeepsState()
    {
        _harness.Answer(UpstreamResult.TimedOut);
        var connection = H.Registered("a");

        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "b"), connection);

        Assert.Equal(504, response.Status);
        JsonAssert.IsError("upstream_timeout", response.Body);
        Assert.Equal(["a"], connection.Topics);
    }

    [Fact]
    public async Task ExecuteAsync_UpstreamUnavailableOnRegister_LeavesUnregistered()
    {
        _harness.Answer(UpstreamResult.Unavailable);
        var connection = H.Connection();

        var response = await _harness.ExecuteAsync(H.Request(H.RegisterUri), connection);

        Assert.Equal(502, response.Status);
        Assert.False(connection.IsRegistered);
    }

    [Fact]
    public async Task ExecuteAsync_UpstreamRefusedTheRequest_Answers400BadRequestAndKeepsState()
    {
        _harness.Answer(UpstreamResult.Refused);
        var connection = H.Registered("a");

        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "b"), connection);

        Assert.Equal(400, response.Status);
        JsonAssert.IsError("bad_request", response.Body);
        Assert.Equal(["a"], connection.Topics);
    }

    [Fact]
    public async Task ExecuteAsync_RequestHeaders_ForwardedThroughTheHeaderPolicy()
    {
        var request = H.Topics(H.SubAddUri, "b") with { Headers = [new("ts", "1"), new("Host", "evil"), new("X-Action", "register"), new("msgId", "7")] };

        await _harness.ExecuteAsync(request, H.Registered());

        Assert.Equal([new("ts", "1"), new KeyValuePair<string, string>("msgId", "7")], Assert.Single(_harness.Forwarded).Headers);
    }

    [Fact]
    public async Task ExecuteAsync_HeaderThatCannotBeSent_400BadRequestWithoutAskingTheUpstream()
    {
        var request = H.Topics(H.SubAddUri, "b") with { Headers = [new("ts", "caf\u00e9")] };
        var connection = H.Registered("a");

        var response = await _harness.ExecuteAsync(request, connection);

        Assert.Equal(400, response.Status);
        JsonAssert.IsError("bad_request", response.Body);
        _harness.VerifyNotForwarded();
        Assert.Equal(["a"], connection.Topics);
    }

    [Fact]
    public async Task ExecuteAsync_HeaderThatCannotBeSentOnLocalRoute_AppliedLocally()
    {
        var request = H.Topics(H.LocalSubAddUri, "b") with { Headers = [new("ts", "caf\u00e9")] };

        var response = await _harness.ExecuteAsync(request, H.Registered());

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task ExecuteAsync_ForwarderThrows_AnswersInternalAndKeepsState()
    {
        _harness.Forwarder.Setup(f => f.ForwardAsync(It.IsAny<UpstreamRequest>(), It.IsAny<CancellationToken>()))
            .Throws(new InvalidOperationException("boom"));
        var connection = H.Registered("a");

        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "b"), connection);

        Assert.Equal(500, response.Status);
        JsonAssert.IsError("internal", response.Body);
        Assert.Equal(["a"], connection.Topics);
    }

    [Fact]
    public async Task ExecuteAsync_Disconnect_AnswersUpstreamAndClosesAfter()
    {
        _harness.Answer(200, """{"bye":true}""");
        var connection = H.Registered("a");

        var response = await _harness.ExecuteAsync(H.Request(H.DisconnectUri), connection);

        Assert.Equal(200, response.Status);
        JsonAssert.Equal("""{"upstream":{"bye":true}}""", response.Body);
        Assert.True(response.CloseAfter);
        Assert.True(connection.IsClosing);
        Assert.Equal("disconnect", Assert.Single(_harness.Forwarded).Action);
    }

    [Fact]
    public async Task ExecuteAsync_DisconnectRejected_KeepsConnectionOpen()
    {
        _harness.Answer(409, """{"reason":"busy"}""");
        var connection = H.Registered();

        var response = await _harness.ExecuteAsync(H.Request(H.DisconnectUri), connection);

        Assert.Equal(409, response.Status);
        Assert.False(response.CloseAfter);
        Assert.False(connection.IsClosing);
    }

    [Fact]
    public async Task ExecuteAsync_ActionAfterDisconnect_AnswersUnavailable()
    {
        var connection = H.Registered();
        await _harness.ExecuteAsync(H.Request(H.DisconnectUri), connection);

        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "a"), connection);

        Assert.Equal(503, response.Status);
        JsonAssert.IsError("unavailable", response.Body);
        Assert.Empty(connection.Topics);
    }

    [Fact]
    public async Task ExecuteAsync_SubscriptionAnswer_DoesNotCloseAfter()
    {
        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "a"), H.Registered());

        Assert.False(response.CloseAfter);
    }
}
