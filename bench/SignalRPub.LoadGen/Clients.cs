namespace SignalRPub.LoadGen;

/// <summary>Opens, registers and subscribes many raw clients, a bounded number at a time.</summary>
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
                var client = Create(options);
                await client.ConnectAsync(cancellationToken);
                using var registered = await client.RequestAsync(options.RegisterUri, new { }, cancellationToken);
                if (registered.RootElement.GetProperty("status").GetInt32() != 200)
                {
                    throw new InvalidOperationException($"register failed: {RawClient.Status(registered)}");
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

    private static IBenchClient Create(LoadGenOptions options) => options.Client switch
    {
        "raw" => new RawClient(options.WebSocketUri),
        "signalr-json" => new SignalRJsonClient(options.HubWebSocketUri),
        "signalr" => new SignalRClient(options.HubUri),
        _ => throw new ArgumentException($"unknown client kind {options.Client} (raw, signalr-json, signalr)"),
    };

    public static async Task CloseAsync(IEnumerable<IBenchClient> clients)
    {
        foreach (var chunk in clients.Chunk(256))
        {
            await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
