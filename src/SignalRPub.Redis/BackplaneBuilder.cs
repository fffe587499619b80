using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace SignalRPub.Redis;

/// <summary>
/// Lets the backplane be added without calling <c>AddSignalR</c> again: a second call would register SignalR's plain
/// JSON protocol next to the gateway's wrapped one, so every publish would carry the JSON form twice and JSON hub
/// clients would get no close message after a disconnect answer.
/// </summary>
internal sealed class BackplaneBuilder(IServiceCollection services) : ISignalRServerBuilder
{
    public IServiceCollection Services { get; } = services;
}
