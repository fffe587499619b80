using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// The keep-alive of raw sockets (PROTOCOL.md §4, "Keep-alive") as a client sees it on the wire: the node's sweeper
/// pings silent sockets, keeps those that answer and drops those that answer nothing.
/// </summary>
public sealed class KeepAliveTests
{
    [Fact]
    public async Task KeepAlive_SilentRegisteredSocket_ReceivesEmptyUnmaskedPings()
    {
        await using var gateway = await TestGateway.StartAsync(o => (o.Limits["KeepAliveSeconds"], o.Limits["IdleTimeoutSeconds"]) = (1, 30));
        await using var socket = await ConnectRegisteredAsync(gateway);

        var frame = await socket.ReadFrameAsync(TestTimeouts.Default);

        Assert.NotNull(frame);
        Assert.Equal(WireFrame.Ping, frame.Opcode);
        Assert.True(frame.Fin);
        Assert.False(frame.Masked);
        Assert.Empty(frame.Payload);
    }

    [Fact]
    public async Task KeepAlive_SocketAnsweringPongs_StaysPastIdleTimeout()
    {
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.Limits["KeepAliveSeconds"] = 1;
            o.Limits["IdleTimeoutSeconds"] = 2;
            o.Limits["RegisterTimeoutSeconds"] = 4;
        });
        await using var socket = await ConnectRegisteredAsync(gateway);

        // A clock: a socket opened after this one and never registered is closed by the register timeout, by which time
        // this one has sent nothing but pongs for twice the idle timeout.
        await using var clock = await gateway.ConnectAsync();
        var closing = clock.WaitClosedAsync();
        var pongs = 0;
        var read = socket.ReadFrameAsync(TestTimeouts.Default);
        while (await Task.WhenAny(read, closing) == read)
        {
            pongs += await AnswerAsync(socket, await read) ? 1 : 0;
            read = socket.ReadFrameAsync(TestTimeouts.Default);
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, (await closing).Status);
        Assert.True(pongs >= 2, $"{pongs} pings in four seconds at a one-second keep-alive");
        await socket.SendTextAsync(Frames.Request(SeedUris.SubAdd, Frames.Topics("alive"), "2"));
        while (await AnswerAsync(socket, await read))
        {
            read = socket.ReadFrameAsync(TestTimeouts.Default);
        }

        var answer = JsonDocument.Parse((await read)!.Payload).RootElement;
        Assert.Equal(["alive"], Frames.Topics(answer));
    }

    [Fact]
    public async Task KeepAlive_SocketAnsweringNothing_IsDroppedAfterIdleTimeoutWithoutCloseFrame()
    {
        var idleTimeout = TimeSpan.FromSeconds(2);
        await using var gateway = await TestGateway.StartAsync(o => (o.Limits["KeepAliveSeconds"], o.Limits["IdleTimeoutSeconds"]) = (1, (int)idleTimeout.TotalSeconds));
        await using var socket = await WireSocket.ConnectAsync(gateway.WsUri());
        var silentFor = Stopwatch.StartNew(); // the register frame is the last thing the gateway will read
        await socket.RequestAsync(Frames.Request(SeedUris.Register, msgId: "1"));

        var frames = new List<WireFrame>();
        while (await socket.ReadFrameAsync(TestTimeouts.Default - silentFor.Elapsed) is { } frame)
        {
            frames.Add(frame);
        }

        Assert.True(silentFor.Elapsed > idleTimeout, $"dropped after {silentFor.Elapsed} of silence");
        Assert.NotEmpty(frames);
        Assert.All(frames, f => Assert.Equal(WireFrame.Ping, f.Opcode));
    }

    // True when the frame was a ping, now answered; fails the test when the gateway dropped the connection.
    private static async Task<bool> AnswerAsync(WireSocket socket, WireFrame? frame)
    {
        Assert.NotNull(frame);
        if (frame.Opcode != WireFrame.Ping)
        {
            return false;
        }

        await socket.SendPongAsync(frame.Payload);
        return true;
    }

    private static async Task<WireSocket> ConnectRegisteredAsync(TestGateway gateway)
    {
        var socket = await WireSocket.ConnectAsync(gateway.WsUri());
        try
        {
            var answer = JsonDocument.Parse(await socket.RequestAsync(Frames.Request(SeedUris.Register, msgId: "1"))).RootElement;
            Frames.AssertStatus(answer, 200);
            return socket;
        }
        catch
        {
            await socket.DisposeAsync();
            throw;
        }
    }
}
