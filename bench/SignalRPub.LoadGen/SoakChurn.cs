namespace SignalRPub.LoadGen;

/// <summary>
/// The soak's churn: <c>--churn</c> workers, each over and over connecting a client (one in five a SignalR JSON
/// one), registering it, subscribing to a few healthy topics, changing its subscriptions one to four times by frame
/// and by HTTP (<c>Authorization: Bearer &lt;connectionToken&gt;</c>), receiving for up to two seconds, and then
/// ending it one of three ways: the disconnect action (answered, then closed: 1000 on a raw socket), a close handshake, or a dropped
/// socket. One cycle in twenty drops the socket before registering. Every answer is counted by action, form and
/// status; any status but 200 is marked as breaking the contract.
/// </summary>
internal sealed class SoakChurn(LoadGenOptions options, HttpClient http, SoakCounters counters)
{
    private const string Part = "churn";

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, options.ChurnWorkers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await CycleAsync(stop);
            }
        }, CancellationToken.None)));

    private async Task CycleAsync(CancellationToken stop)
    {
        var json = Random.Shared.Next(5) == 0;
        var client = SoakClients.Create(options, json);
        client.OnPush = _ => counters.Delivered();
        try
        {
            await client.ConnectAsync(stop);
            counters.Add($"{Part}.connect.{(json ? "json" : "raw")}");
            if (Random.Shared.Next(20) == 0)
            {
                client.Abort();
                counters.Add($"{Part}.end.unregistered-drop.{(json ? "json" : "raw")}");
                return;
            }

            if (await SoakClients.RegisterAsync(client, options, counters, Part, stop) is not { } registration)
            {
                return;
            }

            await SoakClients.FrameActionAsync(client, options.SubAddUri, "sub_add", RandomTopics(), counters, Part, stop);
            for (var step = Random.Shared.Next(1, 5); step > 0; step--)
            {
                var (uri, name) = Random.Shared.Next(3) switch
                {
                    0 => (options.SubPutUri, "sub_put"),
                    1 => (options.SubDeleteUri, "sub_delete"),
                    _ => (options.SubAddUri, "sub_add"),
                };
                _ = Random.Shared.Next(2) == 0
                    ? await SoakClients.FrameActionAsync(client, uri, name, RandomTopics(), counters, Part, stop)
                    : await SoakClients.HttpActionAsync(http, uri, name, registration.Token, RandomTopics(), counters, Part, stop);
            }

            await Task.Delay(Random.Shared.Next(2000), stop);
            await EndAsync(client, json ? "json" : "raw", stop);
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
            await SoakClients.EndAsync(client);
        }
    }

    private async Task EndAsync(ISoakClient client, string kind, CancellationToken stop)
    {
        switch (Random.Shared.Next(3))
        {
            case 0:
                using (var answer = await client.RequestAsync(options.DisconnectUri, new { }, stop))
                {
                    var status = SoakClients.Status(answer);
                    var closed = await SoakClients.WaitClosedAsync(client, TimeSpan.FromSeconds(5));
                    var ending = closed ? SoakClients.Ending(client) : "still-open";
                    // docs/protocol.md: 1000 on a raw socket; a hub connection is ended the SignalR way (any ending will do).
                    var expected = status == 200 && (kind == "json" ? ending != "still-open" : ending == "close-1000");
                    counters.Add($"{Part}.end.disconnect.{kind}.{status}.{ending}{(expected ? "" : SoakCounters.Unexpected)}");
                }

                break;
            case 1:
                await SoakClients.EndAsync(client);
                counters.Add($"{Part}.end.close.{kind}");
                break;
            default:
                client.Abort();
                counters.Add($"{Part}.end.drop.{kind}");
                break;
        }
    }

    /// <summary>One to ten of the healthy topics (the churn's pushes come from the publisher's traffic).</summary>
    private string[] RandomTopics() =>
        Enumerable.Range(0, Random.Shared.Next(1, 11)).Select(_ => LoadGenOptions.TopicName(Random.Shared.Next(options.Topics))).Distinct().ToArray();
}
