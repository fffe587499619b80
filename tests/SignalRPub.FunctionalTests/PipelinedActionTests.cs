using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using SignalRPub.Connections;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>
/// DESIGN.md "Slow consumers and memory", against a client whose tiny frames each draw a large answer: an answer
/// carries the connection's whole topic set (PROTOCOL.md §5), so 17 bytes in can mean 80 KB out. The outbound
/// buffer may exceed <c>Limits:MaxPendingBytes</c> by one message at most, and once the guard has tripped nothing
/// more is run for that connection.
/// </summary>
public sealed class PipelinedActionTests
{
    private const int MaxPendingBytes = 256 * 1024;
    private const int Pipelined = 400;

    [Fact]
    public async Task PipelinedActions_ClientNotReading_StopRunningOnceTheGuardTripsAndBufferStaysBounded()
    {
        var forwarder = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.UseSeedWithUpstream(forwarder);
            o.Limits["MaxPendingBytes"] = MaxPendingBytes;
        });
        await using var client = await gateway.ConnectRegisteredAsync();
        var topics = Enumerable.Range(0, 3000).Select(i => $"quote.{i:D6}.last-price").ToArray();
        foreach (var chunk in topics.Chunk(1000))
        {
            await client.SubscribeAsync(chunk);
        }

        var registry = gateway.Services.GetRequiredService<ConnectionRegistry>();
        var stats = gateway.Services.GetRequiredService<GatewayStats>();
        var connection = registry.Find(client.ConnectionId)!;
        var answerBytes = topics.Sum(t => t.Length + 3) + 200;
        var runBefore = forwarder.RequestsFor("sub_add").Count;

        client.PauseReading();
        for (var i = 0; i < Pipelined; i++)
        {
            await client.SendFrameAsync(SeedUris.SubAdd, Frames.Topics(topics[0]), $"p{i}");
        }

        await Poll.UntilAsync(() => stats.SlowConsumers >= 1, "the outbound guard to trip");
        client.ResumeReading();
        var close = await client.WaitClosedAsync();
        await Poll.UntilAsync(() => registry.Find(client.ConnectionId) is null, "the connection to end");

        Assert.True(close.Status == WebSocketCloseStatus.PolicyViolation, $"Closed with {close}.");
        Assert.Equal("slow consumer", close.Description);
        var run = forwarder.RequestsFor("sub_add").Count - runBefore;
        Assert.True(run < Pipelined, $"All {Pipelined} pipelined actions ran although the guard had tripped.");
        Assert.InRange(connection.Guard!.PendingBytes, 0, MaxPendingBytes + answerBytes);
    }
}
