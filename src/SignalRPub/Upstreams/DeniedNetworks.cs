using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SignalRPub.Routing;

namespace SignalRPub.Upstreams;

/// <summary>
/// Where upstream nodes may not point: the networks of <c>SignalRPub:Upstreams:DeniedNetworks</c> (link-local by
/// default, where cloud metadata answers) and, always, the gateway's own listeners, so the gateway cannot be made to
/// call itself or its admin API and pass the answer back. Address nodes are checked when a route is written
/// (<see cref="Check"/>); every node, names included, when the gateway connects (<see cref="UpstreamConnector"/>).
/// </summary>
internal sealed class DeniedNetworks
{
    private readonly IPNetwork[] _networks;
    private readonly string[] _configuredUrls;
    private readonly IServerAddressesFeature? _gateway;
    private volatile string[] _startedUrls = [];

    public DeniedNetworks(IOptions<SignalRPubOptions> options, IServiceProvider services)
    {
        var value = options.Value;
        _networks = [.. Entries(value.Upstreams).Select(e => TryParse(e, out var network) ? network : throw new InvalidOperationException($"Not a network: {e}"))];

        // The configured URLs count before the listeners start (a route is checked at start too); port 0 only once bound.
        _configuredUrls = [.. Split(value.Gateway.Urls), .. value.Admin.Enabled ? Split(value.Admin.Urls) : []];
        _gateway = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>();
    }

    /// <summary>The entries of <paramref name="options"/>' <c>DeniedNetworks</c> in effect: the defaults when it is not set; empty ones skipped.</summary>
    public static IEnumerable<string> Entries(UpstreamsOptions options) =>
        (options.DeniedNetworks ?? UpstreamsOptions.DefaultDeniedNetworks).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim());

    /// <summary>Reads a CIDR (<c>10.0.0.0/8</c>, <c>fe80::/10</c>) or a single address (a network of one).</summary>
    public static bool TryParse(string text, out IPNetwork network)
    {
        if (text.Contains('/'))
        {
            return IPNetwork.TryParse(text, out network);
        }

        network = default;
        if (!IPAddress.TryParse(text, out var address) || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            return false;
        }

        address = Normalise(address);
        network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    /// <summary>The address as a connection uses it: IPv4-mapped IPv6 as IPv4, without an IPv6 zone.</summary>
    public static IPAddress Normalise(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
        : address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes())
        : address;

    /// <summary>Adds the addresses of a listener that has started (the admin listener's, once bound).</summary>
    public void AddListeners(IEnumerable<string> urls) => _startedUrls = [.. _startedUrls, .. urls];

    /// <summary>Why <paramref name="address"/>:<paramref name="port"/> may not be called, or null when it may.</summary>
    public string? Find(IPAddress address, int port)
    {
        address = Normalise(address);
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return $"is in the denied network {network} (SignalRPub:Upstreams:DeniedNetworks)";
            }
        }

        var local = new Lazy<HashSet<IPAddress>>(LocalAddresses);
        foreach (var listener in Listeners())
        {
            if (listener.IsReachedBy(address, port, a => IPAddress.IsLoopback(a) || local.Value.Contains(a)))
            {
                return $"is the gateway's own listener {listener.Url}";
            }
        }

        return null;
    }

    /// <summary>Reports every address node of <paramref name="route"/> that may not be called.</summary>
    public void Check(RouteConfig route, string where, ICollection<string> errors)
    {
        foreach (var node in route.Upstream?.Nodes ?? [])
        {
            if (node.Address is { } address && Find(address, node.Port) is { } reason)
            {
                errors.Add($"{where}: the upstream node {node.Authority} {reason}");
            }
        }
    }

    private IEnumerable<Listener> Listeners()
    {
        IEnumerable<string> gateway = _gateway?.Addresses.ToArray() ?? [];
        foreach (var url in _configuredUrls.Concat(gateway).Concat(_startedUrls))
        {
            if (Listener.Parse(url) is { } listener)
            {
                yield return listener;
            }
        }
    }

    private static IEnumerable<string> Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static HashSet<IPAddress> LocalAddresses()
    {
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(u => Normalise(u.Address))];
        }
        catch (NetworkInformationException)
        {
            // Without the interface list, loopback and the unspecified address still count as this machine.
            return [];
        }
    }
}
