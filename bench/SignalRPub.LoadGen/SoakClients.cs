using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;

namespace SignalRPub.LoadGen;

/// <summary>What the soak's parts share: making clients, registering them and naming what happened to them.</summary>
internal static class SoakClients
{
    public static ISoakClient Create(LoadGenOptions options, bool json) =>
        json ? new SignalRJsonClient(options.HubWebSocketUri) : new RawClient(options.WebSocketUri);

    /// <summary>Registers the client; returns its connection id and token, or null (and counts why) when refused.</summary>
    public static async Task<(string Id, string Token)?> RegisterAsync(ISoakClient client, LoadGenOptions options, SoakCounters counters, string part, CancellationToken cancellationToken)
    {
        using var response = await client.RequestAsync(options.RegisterUri, new { }, cancellationToken);
        var status = Status(response);
        if (status != 200)
        {
            counters.Add($"{part}.register.{status}{SoakCounters.Unexpected}");
            return null;
        }

        var body = response.RootElement.GetProperty("body");
        return (body.GetProperty("connectionId").GetString()!, body.GetProperty("connectionToken").GetString()!);
    }

    /// <summary>Sends an action frame and counts its answer as <c>part.name.frame.status</c>; true when 200.</summary>
    public static async Task<bool> FrameActionAsync(ISoakClient client, string uri, string name, string[] topics, SoakCounters counters, string part, CancellationToken cancellationToken)
    {
        using var response = await client.RequestAsync(uri, new { topics }, cancellationToken);
        var status = Status(response);
        counters.Add($"{part}.{name}.frame.{status}{(status == 200 ? "" : SoakCounters.Unexpected)}");
        return status == 200;
    }

    /// <summary>Posts an action with <c>Authorization: Bearer &lt;token&gt;</c> and counts its answer; true when 200.</summary>
    public static async Task<bool> HttpActionAsync(HttpClient http, string uri, string name, string token, string[] topics, SoakCounters counters, string part, CancellationToken cancellationToken)
    {
        var status = await PostAsync(http, uri, JsonSerializer.SerializeToUtf8Bytes(new { topics }), cancellationToken, ("Authorization", "Bearer " + token));
        counters.Add($"{part}.{name}.http.{status}{(status == 200 ? "" : SoakCounters.Unexpected)}");
        return status == 200;
    }

    /// <summary>One POST with a JSON content type and the given body bytes and headers; the answer's status code.</summary>
    public static async Task<int> PostAsync(HttpClient http, string uri, byte[] body, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var response = await http.SendAsync(request, timeout.Token);
        return (int)response.StatusCode;
    }

    public static int Status(JsonDocument response) => response.RootElement.GetProperty("status").GetInt32();

    /// <summary>How a socket ended: <c>close-1000</c>, or <c>dropped</c> when it ended without a close frame.</summary>
    public static string Ending(ISoakClient client) => client.CloseStatus is { } code ? $"close-{(int)code}" : "dropped";

    /// <summary>Waits for the socket to end; false when it is still open after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitClosedAsync(ISoakClient client, TimeSpan timeout)
    {
        await Task.WhenAny(client.Closed, Task.Delay(timeout));
        return client.Closed.IsCompleted;
    }

    /// <summary>Disposes a client, bounded in time, whatever state it is in.</summary>
    public static async Task EndAsync(ISoakClient client)
    {
        try
        {
            await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is WebSocketException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
