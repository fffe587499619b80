namespace SignalRPub.LoadGen;

/// <summary>Opens, registers and subscribes many clients, a bounded number at a time, spread round robin over the nodes.</summary>
internal static class Clients
{
    public static async Task<List<IBenchClient>> OpenAsync(LoadGenOptions options, Func<int, IBenchClient, Task> afterRegister, CancellationToken cancellationToken)
    {
        var clients = new IBenchClient[options.Connections];
        using var gate = new SemaphoreSlim(64);
        var tasks = Enumerable.Range(0, options.Connections).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var client = Create(options, options.NodeOf(i));
                await client.ConnectAsync(cancellationToken);
                if (client is not NatsClient)
                {
                    // NATS has nothing to register: a connection is ready once the server has answered its CONNECT.
                    using var registered = await client.RequestAsync(options.RegisterUri, new { }, cancellationToken);
                    if (registered.RootElement.GetProperty("status").GetInt32() != 200)
                    {
                        throw new InvalidOperationException($"register failed: {RawClient.Status(registered)}");
                    }
                }

                await afterRegister(i, client);
                clients[i] = client;
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        return [.. clients];
    }

    private static IBenchClient Create(LoadGenOptions options, int node) => options.Client switch
    {
        "raw" => new RawClient(options.NodeWebSocketUri(node)),
        "raw-batched" => new RawClient(options.NodeWebSocketUri(node)) { PushBatch = true },
        "signalr-json" => new SignalRJsonClient(options.NodeHubWebSocketUri(node)),
        "signalr" => new SignalRClient(options.NodeHubUri(node)),
        "nats" => new NatsClient(options.NatsWebSocketUrl),
        _ => throw new ArgumentException($"unknown client kind {options.Client} (raw, raw-batched, signalr-json, signalr, nats)"),
    };

    public static async Task CloseAsync(IEnumerable<IBenchClient> clients)
    {
        foreach (var chunk in clients.Chunk(256))
        {
            await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
