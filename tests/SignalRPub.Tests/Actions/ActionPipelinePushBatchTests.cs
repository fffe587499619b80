using System.Text.Json;
using Moq;
using SignalRPub.Actions;
using SignalRPub.Connections;
using SignalRPub.Tests.TestSupport;
using H = SignalRPub.Tests.TestSupport.PipelineHarness;

namespace SignalRPub.Tests.Actions;

public class ActionPipelinePushBatchTests
{
    private readonly H _harness = new();
    private readonly Mock<IPushBatchSwitch> _switch = new();

    [Theory]
    [InlineData("pushBatch", "true")]
    [InlineData("pushBatch", "1")]
    [InlineData("PUSHBATCH", "true")]
    public async Task ExecuteAsync_RegisterAskingForBatches_SwitchesOnAndSaysSo(string name, string value)
    {
        _harness.Answer(200, "");

        var response = await _harness.ExecuteAsync(Register(name, value), RawConnection());

        Assert.Equal(200, response.Status);
        _switch.Verify(s => s.SetPushBatch(true), Times.Once);
        _switch.VerifyNoOtherCalls();
        Assert.Equal("true", JsonAssert.Member(response.Body, "pushBatch"));
    }

    [Theory]
    [InlineData("false")]
    [InlineData("0")]
    [InlineData("yes")]
    [InlineData("True")]
    [InlineData("")]
    [InlineData("null")]
    public async Task ExecuteAsync_RegisterWithOtherValue_SwitchesOffAndSaysNothing(string value)
    {
        _harness.Answer(200, "");

        var response = await _harness.ExecuteAsync(Register("pushBatch", value), RawConnection());

        _switch.Verify(s => s.SetPushBatch(false), Times.Once);
        _switch.VerifyNoOtherCalls();
        Assert.False(HasMember(response.Body, "pushBatch"));
    }

    [Fact]
    public async Task ExecuteAsync_RegisterWithoutHeader_SwitchesOff()
    {
        _harness.Answer(200, "");

        var response = await _harness.ExecuteAsync(H.Request(H.RegisterUri), RawConnection());

        _switch.Verify(s => s.SetPushBatch(false), Times.Once);
        Assert.False(HasMember(response.Body, "pushBatch"));
    }

    [Fact]
    public async Task ExecuteAsync_RegisterRefused_LeavesTheSwitchAlone()
    {
        _harness.Answer(403, """{"reason":"no"}""");

        var response = await _harness.ExecuteAsync(Register("pushBatch", "true"), RawConnection());

        Assert.Equal(403, response.Status);
        _switch.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ExecuteAsync_RegisterAskingOnAConnectionThatCannotBatch_SaysNothing()
    {
        _harness.Answer(200, "");

        var response = await _harness.ExecuteAsync(Register("pushBatch", "true"), H.Connection());

        Assert.Equal(200, response.Status);
        Assert.False(HasMember(response.Body, "pushBatch"));
    }

    [Fact]
    public async Task ExecuteAsync_RegisterAskingForBatches_ForwardsTheHeader()
    {
        _harness.Answer(200, "");

        await _harness.ExecuteAsync(Register("pushBatch", "true"), RawConnection());

        Assert.Contains(new KeyValuePair<string, string>("pushBatch", "true"), Assert.Single(_harness.Forwarded).Headers);
    }

    private ConnectionState RawConnection() =>
        new(H.ConnectionId, "1", isRaw: true, "10.1.2.3", Mock.Of<IConnectionCloser>(), connectedTimestamp: 0) { PushBatch = _switch.Object };

    private static ActionRequest Register(string name, string value) =>
        H.Request(H.RegisterUri) with { Headers = [new("ts", "132132132"), new(name, value)] };

    private static bool HasMember(ReadOnlyMemory<byte> json, string name)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty(name, out _);
    }
}
