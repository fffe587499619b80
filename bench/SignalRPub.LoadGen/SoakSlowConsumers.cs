using System.Diagnostics;
using System.Net;

namespace SignalRPub.LoadGen;

/// <summary>
/// The soak's slow consumers: <c>--slow</c> at a time (raw and SignalR JSON in turn), each subscribing to the busy
/// topics, reading for a second and then not at all. The operations API (<c>/signalrpub/connections/{id}</c>) shows
/// when the server let it go; the client then reads what is left to learn the close code. Closed 1008 (or dropped)
/// by the server within <c>--slow-hold</c> seconds is what the contract asks (docs/protocol.md §12: 1008 on a raw
/// socket, an abort on <c>/hub</c>); still open after it is counted as breaking it.
/// </summary>
internal sealed class SoakSlowConsumers(LoadGenOptions options, HttpClient admin, SoakCounters counters)
{
    private const string Part = "slow";

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, options.SlowConsumers).Select(i => Task.Run(async () =>
        {
            var json = i % 2 == 1;
            while (!stop.IsCancellationRequested)
            {
                await CycleAsync(json, stop);
                json = !json;
            }
        }, CancellationToken.None)));

    private async Task CycleAsync(bool json, CancellationToken stop)
    {
        var kind = json ? "json" : "raw";
        var client = SoakClients.Create(options, json);
        try
        {
            await client.ConnectAsync(stop);
            if (await SoakClients.RegisterAsync(client, options, counters, Part, stop) is not { } registration)
            {
                return;
            }

            var busy = Enumerable.Range(0, options.BusyTopics).Select(LoadGenOptions.BusyTopicName).ToArray();
            if (!await SoakClients.FrameActionAsync(client, options.SubAddUri, "sub_add", busy, counters, Part, stop))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), stop);
            client.PauseReceiving();
            var held = Stopwatch.StartNew();
            var gone = false;
            while (!gone && held.Elapsed.TotalSeconds < options.SlowHoldSeconds)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
                gone = !await ExistsAsync(registration.Id, stop);
            }

            client.ResumeReceiving();
            if (!gone)
            {
                counters.Add($"{Part}.{kind}.not-closed{SoakCounters.Unexpected}");
                return;
            }

            // What the server sent before it let go is still in the socket: read it, bounded, to find the close code.
            var ending = await SoakClients.WaitClosedAsync(client, TimeSpan.FromSeconds(20)) ? SoakClients.Ending(client) : "still-open";
            // PROTOCOL: 1008 on a raw socket (or no close frame, when the socket's buffers are full); /hub connections are
            // aborted, which SignalR's transport ends with 1000.
            var expected = ending == "dropped" || ending == (json ? "close-1000" : "close-1008");
            counters.Add($"{Part}.{kind}.{ending}{(expected ? "" : SoakCounters.Unexpected)}");
            counters.Add($"{Part}.{kind}.seconds-to-close", (long)held.Elapsed.TotalSeconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            counters.Add($"{Part}.error.{ex.GetType().Name}{SoakCounters.Unexpected}");
        }
        catch (OperationCanceledException)
        {
            // The run is over; the client is ended below.
        }
        finally
        {
            client.ResumeReceiving();
            await SoakClients.EndAsync(client);
        }
    }

    /// <summary>Whether the server still holds the connection; true when it cannot tell (the admin listener did not answer).</summary>
    private async Task<bool> ExistsAsync(string connectionId, CancellationToken stop)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await admin.GetAsync($"/signalrpub/connections/{Uri.EscapeDataString(connectionId)}", timeout.Token);
            return response.StatusCode != HttpStatusCode.NotFound;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !stop.IsCancellationRequested))
        {
            return true;
        }
    }
}
