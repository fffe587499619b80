namespace SignalRPub.Upstreams;

/// <summary>Points each request at the node and path chosen for its attempt.</summary>
internal sealed class UpstreamTargetHandler : DelegatingHandler
{
    public const string TargetKey = "SignalRPub.UpstreamTarget";

    private static readonly HttpRequestOptionsKey<Uri> s_key = new(TargetKey);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(s_key, out var target))
        {
            request.RequestUri = target;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
