using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace SignalRPub.Upstreams;

/// <summary>
/// Opens the TCP connections of upstream calls (<see cref="SocketsHttpHandler.ConnectCallback"/>): resolves the node's
/// name itself and connects only to addresses <see cref="DeniedNetworks"/> allows, so a name cannot lead around the
/// check made when the route was written (a name that resolves into a denied network, DNS rebinding). A node whose
/// every address is denied fails like one that cannot be reached.
/// </summary>
internal sealed class UpstreamConnector(DeniedNetworks denied)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);

        var allowed = new List<IPAddress>(addresses.Length);
        string? reason = null;
        foreach (var address in addresses.Select(DeniedNetworks.Normalise).Distinct())
        {
            if (denied.Find(address, port) is { } why)
            {
                reason ??= $"{address} {why}";
            }
            else
            {
                allowed.Add(address);
            }
        }

        if (allowed.Count == 0)
        {
            throw new HttpRequestException(
                HttpRequestError.ConnectionError,
                reason is null ? $"{host} resolves to no address" : $"{host}:{port} is not called: {reason}");
        }

        ExceptionDispatchInfo? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ExceptionDispatchInfo.Capture(ex);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        last!.Throw();
        throw new UnreachableException();
    }
}
