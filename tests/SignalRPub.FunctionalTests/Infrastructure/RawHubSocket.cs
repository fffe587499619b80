using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MessagePack;
using SignalRPub.Protocol;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// A SignalR client of <c>/hub</c> spoken by hand over a bare <see cref="ClientWebSocket"/> (no negotiate), with the
/// JSON or the MessagePack hub protocol, so a test can send an invocation argument byte for byte — text the official
/// clients would never produce (a lone surrogate escape, a MessagePack string that is not UTF-8). Answers are turned
/// into JSON whatever the protocol; every wait is bounded by <see cref="TestTimeouts.Default"/>.
/// </summary>
internal sealed class RawHubSocket : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;

    private readonly ClientWebSocket _socket = new();
    private readonly HubProtocolKind _protocol;
    private readonly List<byte> _pending = [];
    private int _invocation;

    private RawHubSocket(HubProtocolKind protocol)
    {
        _protocol = protocol;
    }

    /// <summary>Connects to <paramref name="hubUri"/> and completes the handshake for <paramref name="protocol"/>.</summary>
    public static async Task<RawHubSocket> ConnectAsync(Uri hubUri, HubProtocolKind protocol)
    {
        var client = new RawHubSocket(protocol);
        client._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        await client._socket.ConnectAsync(new UriBuilder(hubUri) { Scheme = "ws" }.Uri, timeout.Token);
        var name = protocol == HubProtocolKind.Json ? "json" : "messagepack";
        await client.SendAsync([.. Encoding.UTF8.GetBytes($"{{\"protocol\":\"{name}\",\"version\":1}}"), RecordSeparator], timeout.Token);
        await client.ReadHandshakeAsync(timeout.Token);
        return client;
    }

    /// <summary>
    /// Calls <c>Request</c> with <paramref name="argument"/> as its one argument, given as the protocol's own bytes (JSON
    /// text, or one MessagePack value), and returns the completion's result as JSON; fails when the completion is an error.
    /// </summary>
    public async Task<JsonElement> RequestAsync(byte[] argument)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var id = (++_invocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(_protocol == HubProtocolKind.Json ? JsonInvocation(id, argument) : MessagePackInvocation(id, argument), timeout.Token);
        while (true)
        {
            if (ReadCompletion(await ReadMessageAsync(timeout.Token), id) is { } result)
            {
                return result;
            }
        }
    }

    /// <summary>Calls <c>Request</c> with a frame given as JSON text (transcoded for MessagePack), then as <see cref="RequestAsync(byte[])"/>.</summary>
    public Task<JsonElement> RequestAsync(string frameJson)
    {
        var json = Encoding.UTF8.GetBytes(frameJson);
        if (_protocol == HubProtocolKind.Json)
        {
            return RequestAsync(json);
        }

        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        MessagePackJson.WriteJson(ref writer, json);
        writer.Flush();
        return RequestAsync(buffer.WrittenSpan.ToArray());
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private static byte[] JsonInvocation(string id, byte[] argument) =>
        [.. Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"Request\",\"arguments\":["), .. argument, .. "]}"u8, RecordSeparator];

    private static byte[] MessagePackInvocation(string id, byte[] argument)
    {
        // [1, headers, invocationId, target, [arguments], [streamIds]], prefixed by its length as a VarInt.
        var body = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(body);
        writer.WriteArrayHeader(6);
        writer.Write(1);
        writer.WriteMapHeader(0);
        writer.Write(id);
        writer.Write(PubHubRequest);
        writer.WriteArrayHeader(1);
        writer.WriteRaw(argument);
        writer.WriteArrayHeader(0);
        writer.Flush();

        var framed = new List<byte>();
        for (var length = (uint)body.WrittenCount; ; length >>= 7)
        {
            framed.Add((byte)(length < 0x80 ? length : (length & 0x7f) | 0x80));
            if (length < 0x80)
            {
                break;
            }
        }

        framed.AddRange(body.WrittenSpan.ToArray());
        return [.. framed];
    }

    private const string PubHubRequest = "Request";

    private JsonElement? ReadCompletion(byte[] message, string id)
    {
        if (_protocol == HubProtocolKind.Json)
        {
            using var record = JsonDocument.Parse(message);
            var root = record.RootElement;
            if (root.GetProperty("type").GetInt32() != 3 || root.GetProperty("invocationId").GetString() != id)
            {
                return null;
            }

            Assert.False(root.TryGetProperty("error", out var error), $"The invocation failed: {error}");
            return root.GetProperty("result").Clone();
        }

        var reader = new MessagePackReader(message);
        var count = reader.ReadArrayHeader();
        if (reader.ReadInt32() != 3)
        {
            return null;
        }

        reader.Skip(); // headers
        if (reader.ReadString() != id)
        {
            return null;
        }

        var kind = reader.ReadInt32();
        Assert.True(kind == 3 && count == 5, $"The invocation did not complete with a result (result kind {kind}).");
        using var result = JsonDocument.Parse(MessagePackJson.ReadAsJson(ref reader));
        return result.RootElement.Clone();
    }

    private Task SendAsync(byte[] bytes, CancellationToken cancellationToken) =>
        _socket.SendAsync(bytes, _protocol == HubProtocolKind.Json ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, cancellationToken);

    private async Task ReadHandshakeAsync(CancellationToken cancellationToken)
    {
        var answer = Encoding.UTF8.GetString(await ReadUntilAsync(() => TakeRecord(), cancellationToken));
        Assert.True(answer == "{}", $"The hub refused the handshake: {answer}");
    }

    private Task<byte[]> ReadMessageAsync(CancellationToken cancellationToken) =>
        ReadUntilAsync(() => _protocol == HubProtocolKind.Json ? TakeRecord() : TakeLengthPrefixed(), cancellationToken);

    private async Task<byte[]> ReadUntilAsync(Func<byte[]?> take, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            if (take() is { } message)
            {
                return message;
            }

            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"The hub closed the connection ({_socket.CloseStatus}: {_socket.CloseStatusDescription}).");
            }

            _pending.AddRange(buffer.AsSpan(0, result.Count));
        }
    }

    private byte[]? TakeRecord()
    {
        var end = _pending.IndexOf(RecordSeparator);
        if (end < 0)
        {
            return null;
        }

        var record = _pending.GetRange(0, end).ToArray();
        _pending.RemoveRange(0, end + 1);
        return record;
    }

    private byte[]? TakeLengthPrefixed()
    {
        var length = 0;
        for (var i = 0; i < Math.Min(5, _pending.Count); i++)
        {
            length |= (_pending[i] & 0x7f) << (7 * i);
            if ((_pending[i] & 0x80) == 0)
            {
                if (_pending.Count < i + 1 + length)
                {
                    return null;
                }

                var message = _pending.GetRange(i + 1, length).ToArray();
                _pending.RemoveRange(0, i + 1 + length);
                return message;
            }
        }

        return null;
    }
}
