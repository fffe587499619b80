using System.Net.Http.Json;
using System.Text.Json;

namespace SignalRPub.LoadGen;

/// <summary>Reads the server's totals and GC figures from the operations API (<c>/signalrpub/stats</c>), when it is reachable.</summary>
internal static class ServerStats
{
    /// <summary>The first node's figures; null when it has no admin listener or it did not answer.</summary>
    public static Task<ServerStatsSample?> ReadAsync(LoadGenOptions options, CancellationToken cancellationToken) =>
        ReadAsync(options.AdminUrl, options.AdminKey, cancellationToken);

    /// <summary>The figures of every node that has an admin listener, in the order of the nodes (null where one did not answer).</summary>
    public static Task<ServerStatsSample?[]> ReadNodesAsync(LoadGenOptions options, CancellationToken cancellationToken) =>
        Task.WhenAll(options.AdminUrls.Select(url => ReadAsync(url, options.AdminKey, cancellationToken)));

    public static async Task<ServerStatsSample?> ReadAsync(Uri? adminUrl, string adminKey, CancellationToken cancellationToken)
    {
        if (adminUrl is null)
        {
            return null;
        }

        try
        {
            using var http = new HttpClient { BaseAddress = adminUrl, Timeout = TimeSpan.FromSeconds(5) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/signalrpub/stats");
            request.Headers.Add("X-API-KEY", adminKey);
            using var response = await http.SendAsync(request, cancellationToken);
            var stats = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return new ServerStatsSample(
                stats.GetProperty("gcGen0").GetInt64(),
                stats.GetProperty("gcMode").GetString() ?? "",
                stats.GetProperty("gcAllocatedBytes").GetInt64(),
                stats.GetProperty("gcHeapBytes").GetInt64())
            {
                Gen1 = stats.GetProperty("gcGen1").GetInt64(),
                Gen2 = stats.GetProperty("gcGen2").GetInt64(),
                Connections = stats.GetProperty("connections").GetInt64(),
                Registered = stats.GetProperty("registered").GetInt64(),
                SlowConsumers = stats.GetProperty("slowConsumers").GetInt64(),
                MessagesOut = stats.GetProperty("messagesOut").GetInt64(),
                BufferPoolBytes = stats.GetProperty("bufferPoolBytes").GetInt64(),
                LiveHeapBytes = stats.TryGetProperty("gcHeapAfterLastFullGcBytes", out var live) ? live.GetInt64() : 0,
                ThreadPoolThreads = stats.TryGetProperty("threadPoolThreads", out var pool) ? pool.GetInt64() : 0,
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or TaskCanceledException)
        {
            return null;
        }
    }
}
