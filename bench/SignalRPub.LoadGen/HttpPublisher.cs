using System.Net.Http.Headers;
using System.Text;

namespace SignalRPub.LoadGen;

/// <summary>
/// Publishes through the gateway's <c>POST /api/v1/publish</c>: one request of <c>{"messages":[{"topic","data"},…]}</c>
/// per batch, each to the next node in turn; a batch is done at its <c>202</c>.
/// </summary>
internal sealed class HttpPublisher(LoadGenOptions options, int[][] subscribers, bool tagged) : BatchPublisher(options, subscribers, tagged)
{
    private readonly HttpClient[] _http = [.. options.Urls.Select(url => new HttpClient { BaseAddress = url })];

    protected override async Task SendAsync(int node, (string Topic, string Data)[] messages, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(Body(messages));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/publish") { Content = content };
        request.Headers.Add("X-API-KEY", Options.PublishKey);
        using var response = await _http[node].SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new LoadGenException(
                $"publish to {_http[node].BaseAddress} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public override ValueTask DisposeAsync()
    {
        foreach (var client in _http)
        {
            client.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static byte[] Body((string Topic, string Data)[] messages)
    {
        var builder = new StringBuilder("{\"messages\":[");
        for (var m = 0; m < messages.Length; m++)
        {
            builder.Append(m == 0 ? "" : ",").Append("{\"topic\":\"").Append(messages[m].Topic).Append("\",\"data\":").Append(messages[m].Data).Append('}');
        }

        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }
}
