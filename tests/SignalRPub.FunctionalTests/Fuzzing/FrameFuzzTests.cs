using System.Net.WebSockets;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalRPub.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// Issue 9, fuzzing raw frames: mutated request frames (and bytes that are no frame: not UTF-8, binary, oversized),
/// alone or pipelined, on a registered raw socket. Each text frame that does not close the socket gets exactly one
/// response, in order, with its msgId; never a 500; every error is a §8 error that changed nothing; every 200 is the
/// set the connection now holds; the socket closes only with the documented code (1007, 1003, 1009, or 1000 after a
/// disconnect), and then a fresh client carries on; the upstream never sees what the header policy drops; no error is
/// logged; and a witness connection keeps receiving throughout.
/// </summary>
public sealed class FrameFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Frames_MutatedOnRegisteredSocket_OneResponseEachInOrderNever500RefusalsChangeNothing()
    {
        var settings = FuzzSettings.FromEnvironment(defaultIterations: 300, output);
        await using var routes = await FuzzRoutes.StartAsync();
        var logs = new CapturedLogs();
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            routes.Configure(o);
            o.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs);
        });
        var witness = await FuzzWitness.ConnectAsync(gateway);
        var subject = await FuzzClient.ConnectAsync(gateway, routes);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        try
        {
            // Mostly one frame at a time, so that each refusal is seen to change nothing; sometimes several pipelined.
            var batches = Gen.Frequency((3, FuzzFrame.Gen.Array[1, 1]), (1, FuzzFrame.Gen.Array[2, 6]));
            await settings.RunAsync(batches, async batch =>
            {
                subject = await CheckAsync(gateway, routes, subject, batch, outcomes);
                routes.AssertUpstreamCallsClean();
                FuzzAssert.NoErrorLogged(logs);
            }, batch => string.Join(Environment.NewLine + "  then ", batch.Select(frame => frame.ToString())), witness);
            routes.AssertUpstreamCallsClean();
            output.WriteLine($"Outcomes: {string.Join(", ", outcomes.Select(o => $"{o.Key} x{o.Value}"))}.");
        }
        finally
        {
            await subject.Client.DisposeAsync();
            await witness.DisposeAsync();
        }
    }

    /// <summary>
    /// Sends the frames of <paramref name="batch"/> that answer without closing, pipelined, and reads their answers in
    /// order; then the first one that may close the socket (a disconnect, or bytes that are no frame), if any. Returns
    /// the subject to carry on with: the same one, or a fresh one when the socket closed as it had to.
    /// </summary>
    private static async Task<FuzzClient> CheckAsync(TestGateway gateway, FuzzRoutes routes, FuzzClient subject, FuzzFrame[] batch, SortedDictionary<string, int> outcomes)
    {
        var quiet = batch.Where(frame => !MayClose(frame)).ToList();
        var last = batch.FirstOrDefault(MayClose);
        foreach (var frame in quiet)
        {
            await frame.SendAsync(subject.Client);
        }

        var topics = subject.Topics;
        foreach (var frame in quiet)
        {
            topics = FuzzAssert.TopicsAfter(await subject.Client.NextResponseAsync(), FrameExpectation.Of(frame.Bytes), topics, subject.Client.ConnectionId, out var disconnected, out var outcome);
            Assert.False(disconnected, "A frame that could not disconnect did.");
            Count(outcomes, outcome);
        }

        if (last is not null)
        {
            if (last.ExpectedClose is { } code)
            {
                try
                {
                    await last.SendAsync(subject.Client);
                }
                catch (WebSocketException)
                {
                    // The gateway may close on the first fragment that is not UTF-8, before the rest is sent.
                }

                var close = await subject.Client.WaitClosedAsync();
                Assert.True(close.Status == code, $"Expected the close {code} but got {close.Status} ({close.Description}).");
                var afterClose = await Record.ExceptionAsync(() => subject.Client.NextResponseAsync());
                Assert.True(afterClose is InvalidOperationException, $"A message that closed the socket was answered too ({afterClose?.Message ?? "a response"}).");
                Count(outcomes, $"close {(int)code}");
                return await subject.ReplaceAsync(gateway, routes);
            }

            await last.SendAsync(subject.Client);
            topics = FuzzAssert.TopicsAfter(await subject.Client.NextResponseAsync(), FrameExpectation.Of(last.Bytes), topics, subject.Client.ConnectionId, out var disconnected, out var outcome);
            Count(outcomes, outcome);
            if (disconnected)
            {
                var close = await subject.Client.WaitClosedAsync();
                Assert.True(close.Status == WebSocketCloseStatus.NormalClosure, $"Expected the close 1000 after a disconnect but got {close.Status} ({close.Description}).");
                return await subject.ReplaceAsync(gateway, routes);
            }
        }

        subject.Topics = topics;
        await subject.AssertTopicsAsync();
        return subject;
    }

    /// <summary>Whether the socket may close after <paramref name="frame"/>: it is no frame at all, or names a disconnect route.</summary>
    private static bool MayClose(FuzzFrame frame) =>
        frame.ExpectedClose is not null || FrameExpectation.Of(frame.Bytes).Path is { } path && FuzzRoutes.DisconnectPaths.Contains(path);

    private static void Count(SortedDictionary<string, int> outcomes, string outcome) => outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
}
