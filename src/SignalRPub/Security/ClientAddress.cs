using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace SignalRPub.Security;

/// <summary>
/// The key that per-address limits count under: an IPv4 address, or the /64 network of an IPv6 address (one host
/// commonly holds a whole /64, so counting single IPv6 addresses would let it have as many allowances as it likes).
/// </summary>
internal static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string KeyOf(HttpContext context) => KeyOf(context.Connection.RemoteIpAddress);

    public static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }
}
