using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace SignalRPub.Hubs;

/// <summary>
/// Aligns the hub's limits with the gateway's: the hub must accept a frame the adapter accepted (with room
/// for the hub protocol's envelope), or it would drop the connection before the gateway could answer.
/// </summary>
internal sealed class PubHubOptionsSetup(IOptions<SignalRPubOptions> options) : IPostConfigureOptions<HubOptions<PubHub>>
{
    private const int EnvelopeBytes = 4096;

    // Post-configure: SignalR's own setup copies the global hub options into the hub's after plain Configure calls.
    public void PostConfigure(string? name, HubOptions<PubHub> hub)
    {
        hub.MaximumReceiveMessageSize = options.Value.Limits.MaxFrameBytes + EnvelopeBytes;
        hub.MaximumParallelInvocationsPerClient = 1;
        hub.EnableDetailedErrors = false;
    }
}
