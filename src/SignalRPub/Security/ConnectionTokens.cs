using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SignalRPub.Security;

/// <summary>
/// Connection tokens: <c>{connectionId}.{HMAC-SHA256(secret, connectionId)}</c>, so any node holding the
/// secret can tell which connection a token names without a lookup.
/// </summary>
internal sealed class ConnectionTokens
{
    private readonly byte[] _secret;

    public ConnectionTokens(ITokenSecret secret)
    {
        _secret = secret.Value;
    }

    public string Issue(string connectionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        return connectionId + "." + Base64Url.EncodeToString(Sign(connectionId));
    }

    /// <summary>Returns the connection a token names, or null when the token is not one this gateway issued.</summary>
    public string? Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }

        var dot = token.LastIndexOf('.');
        if (dot <= 0 || dot == token.Length - 1)
        {
            return null;
        }

        var connectionId = token[..dot];
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var status = Base64Url.DecodeFromChars(token.AsSpan(dot + 1), given, out _, out var written);
        if (status != System.Buffers.OperationStatus.Done || written != given.Length)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(given, Sign(connectionId)) ? connectionId : null;
    }

    private byte[] Sign(string connectionId) => HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(connectionId));
}
