using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Http.Connections;

namespace SignalRPub.LoadGen;

/// <summary>The official SignalR .NET client (JSON protocol, WebSockets), as applications would use it.</summary>
internal sealed class SignalRClient(Uri uri) : IBenchClient
{
    private readonly HubConnection _connection = new HubConnectionBuilder()
        .WithUrl(uri, HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
        .Build();

    public Action<ReadOnlyMemory<byte>>? OnPush { get; set; }

    public Task ConnectAsync(CancellationToken cancellationToken)
    {
        _connection.On<JsonElement>("push", push => OnPush?.Invoke(JsonSerializer.SerializeToUtf8Bytes(push)));
        return _connection.StartAsync(cancellationToken);
    }

    public async Task<JsonDocument> RequestAsync(string target, object body, CancellationToken cancellationToken)
    {
        var result = await _connection.InvokeAsync<JsonElement>("Request", new { uri = target, header = new { msgId = "1" }, body }, cancellationToken);
        return JsonDocument.Parse(result.GetRawText());
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
