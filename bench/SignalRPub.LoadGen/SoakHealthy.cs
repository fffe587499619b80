namespace SignalRPub.LoadGen;

/// <summary>
/// The soak's healthy clients: <c>--connections</c> raw and <c>--json-connections</c> SignalR JSON clients, each
/// registered and subscribed to <c>--topics-per-connection</c> of the healthy topics (the first raw and the first
/// JSON client to the busy topics too, beside the slow consumers), each checking with a <see cref="SeqTracker"/>
/// that every message of its topics, of <c>$all</c> and of its own <c>$conn:</c> arrives. They never misbehave,
/// so anything that ends one of them is the server's doing: counted (<c>healthy.dropped</c>), and the client is
/// replaced a second later.
/// </summary>
internal sealed class SoakHealthy(LoadGenOptions options, SoakPublisher publisher, SoakCounters counters)
{
    private readonly Slot[] _slots = Enumerable.Range(0, options.Connections + options.JsonConnections)
        .Select(i => new Slot(i, Json: i >= options.Connections)).ToArray();

    public int Count => _slots.Length;

    /// <summary>Gaps and duplicates seen so far, clients already replaced included.</summary>
    public (long Gaps, long Duplicates) Seen()
    {
        var live = _slots.Select(s => s.Tracker).OfType<SeqTracker>().ToArray();
        return (counters["healthy.gaps"] + live.Sum(t => t.Gaps), counters["healthy.duplicates"] + live.Sum(t => t.Duplicates));
    }

    /// <summary>Messages published to the live clients that have not arrived (yet).</summary>
    public long Behind() => _slots.Select(s => s.Tracker).OfType<SeqTracker>().Sum(t => t.Behind(publisher.CommittedUpTo));

    /// <summary>Connects every client; completes when all are subscribed (or gave up); they then run until <paramref name="stop"/>.</summary>
    public async Task<Task> StartAsync(CancellationToken stop)
    {
        using var gate = new SemaphoreSlim(32);
        var ready = _slots.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var running = _slots.Select(slot => Task.Run(async () =>
        {
            await gate.WaitAsync(stop);
            await RunAsync(slot, ready[slot.Index], gate, stop);
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(ready.Select(r => r.Task)).WaitAsync(TimeSpan.FromSeconds(120), stop);
        return Task.WhenAll(running);
    }

    /// <summary>After the publisher stopped: waits (bounded) for what is in flight, then ends every client.</summary>
    public async Task StopAsync(TimeSpan drain)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Behind() > 0 && clock.Elapsed < drain)
        {
            await Task.Delay(100);
        }

        var clients = _slots.Select(s => s.Client).OfType<ISoakClient>().ToArray();
        foreach (var slot in _slots)
        {
            if (slot.Tracker is { } tracker)
            {
                counters.Add("healthy.lost", tracker.Behind(publisher.CommittedUpTo));
                Fold(slot);
            }
        }

        await Task.WhenAll(clients.Select(SoakClients.EndAsync));
    }

    private async Task RunAsync(Slot slot, TaskCompletionSource ready, SemaphoreSlim gate, CancellationToken stop)
    {
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            var client = SoakClients.Create(options, slot.Json);
            var tracker = new SeqTracker();
            client.OnPush = push =>
            {
                counters.Delivered();
                tracker.Seen(push.Span);
            };
            try
            {
                await SubscribeAsync(slot, client, tracker, stop);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                counters.Add($"healthy.setup.{ex.GetType().Name}{SoakCounters.Unexpected}");
            }
            finally
            {
                if (first)
                {
                    first = false;
                    gate.Release();
                    ready.TrySetResult();
                }
            }

            if (slot.Client is null)
            {
                // Setup failed (counted): try again a second later.
                await SoakClients.EndAsync(client);
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            await Task.WhenAny(client.Closed, Task.Delay(Timeout.Infinite, stop)).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stop.IsCancellationRequested)
            {
                // StopAsync counts what is missing and ends the client.
                return;
            }

            // A healthy client never asks to be closed: whatever ended it is the server's doing.
            counters.Add($"healthy.dropped.{(slot.Json ? "json" : "raw")}.{SoakClients.Ending(client)}{SoakCounters.Unexpected}");
            publisher.SetTarget(slot.Index, null);
            Fold(slot);
            await SoakClients.EndAsync(client);
            await Task.Delay(TimeSpan.FromSeconds(1), stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Moves a client's gaps and duplicates into the counters as it goes.</summary>
    private void Fold(Slot slot)
    {
        if (slot.Tracker is { } tracker)
        {
            counters.Add("healthy.gaps", tracker.Gaps);
            counters.Add("healthy.duplicates", tracker.Duplicates);
        }

        slot.Tracker = null;
        slot.Client = null;
    }

    private async Task SubscribeAsync(Slot slot, ISoakClient client, SeqTracker tracker, CancellationToken stop)
    {
        await client.ConnectAsync(stop);
        if (await SoakClients.RegisterAsync(client, options, counters, "healthy", stop) is not { } registration)
        {
            return;
        }

        tracker.Expect(SoakPublisher.AllTopic, publisher.StartedUpTo(SoakPublisher.AllTopic));
        var conn = "$conn:" + registration.Id;
        tracker.Expect(conn, publisher.StartedUpTo(conn));
        var topics = options.TopicsOf(slot.Index);
        if (slot.Index == 0 || slot.Index == options.Connections)
        {
            topics = [.. topics, .. Enumerable.Range(0, options.BusyTopics).Select(LoadGenOptions.BusyTopicName)];
        }

        if (!await SoakClients.FrameActionAsync(client, options.SubAddUri, "sub_add", topics, counters, "healthy", stop))
        {
            return;
        }

        foreach (var topic in topics)
        {
            tracker.Expect(topic, publisher.StartedUpTo(topic));
        }

        slot.Tracker = tracker;
        slot.Client = client;
        publisher.SetTarget(slot.Index, registration.Id);
    }

    private sealed record Slot(int Index, bool Json)
    {
        public SeqTracker? Tracker { get; set; }

        public ISoakClient? Client { get; set; }
    }
}
