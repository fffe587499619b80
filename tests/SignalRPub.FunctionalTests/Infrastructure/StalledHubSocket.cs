using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// A SignalR client spoken by hand over a bare <see cref="ClientWebSocket"/> (JSON hub protocol, no negotiate), so a
/// test can make a <c>/hub</c> connection register, subscribe, and then stop reading — which the official client never does.
/// </summary>
internal sealed class StalledHubSocket : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';

    private readonly ClientWebSocket _socket = new();
    private readonly StringBuilder _pending = new();
    private int _invocation;

    private StalledHubSocket()
    {
    }

    public string ConnectionId { get; private set; } = "";

    /// <summary>Connects to <paramref name="hubUri"/>, registers, and subscribes to <paramref name="topic"/>; then reads no more.</summary>
    public static async Task<StalledHubSocket> ConnectRegisteredAsync(Uri hubUri, string topic)
    {
        var client = new StalledHubSocket();
        client._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var uri = new UriBuilder(hubUri) { Scheme = "ws" }.Uri;
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await client._socket.ConnectAsync(uri, timeout.Token);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}", timeout.Token);
        await client.ReadRecordAsync(timeout.Token); // the handshake answer

        var registered = await client.InvokeAsync(new { uri = SeedUris.Register, header = new { msgId = "1" }, body = new { } }, timeout.Token);
        client.ConnectionId = registered.GetProperty("body").GetProperty("connectionId").GetString()!;
        await client.InvokeAsync(new { uri = SeedUris.SubAdd, header = new { msgId = "2" }, body = new { topics = new[] { topic } } }, timeout.Token);
        return client;
    }

    private async Task<JsonElement> InvokeAsync(object frame, CancellationToken cancellationToken)
    {
        var id = (++_invocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target = "Request", arguments = new[] { frame } }), cancellationToken);
        while (true)
        {
            using var record = JsonDocument.Parse(await ReadRecordAsync(cancellationToken));
            if (record.RootElement.GetProperty("type").GetInt32() == 3 && record.RootElement.GetProperty("invocationId").GetString() == id)
            {
                return record.RootElement.GetProperty("result").Clone();
            }
        }
    }

    private Task SendAsync(string record, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(record + RecordSeparator), WebSocketMessageType.Text, true, cancellationToken);

    private async Task<string> ReadRecordAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(RecordSeparator);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return text[..end];
            }

            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The hub closed the connection during set-up.");
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
