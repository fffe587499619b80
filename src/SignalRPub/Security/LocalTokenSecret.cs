using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SignalRPub.Security;

/// <summary>The configured secret, or a random one made when this process starts (tokens then work on this node only).</summary>
internal sealed class LocalTokenSecret(IOptions<SignalRPubOptions> options) : ITokenSecret
{
    public byte[] Value { get; } = string.IsNullOrEmpty(options.Value.Security.TokenSecret)
        ? RandomNumberGenerator.GetBytes(32)
        : Encoding.UTF8.GetBytes(options.Value.Security.TokenSecret);
}
