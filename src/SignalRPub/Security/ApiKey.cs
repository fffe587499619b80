using System.Security.Cryptography;
using System.Text;

namespace SignalRPub.Security;

/// <summary>An API key, compared in constant time whatever the length of the candidate.</summary>
internal sealed class ApiKey
{
    private readonly byte[] _hash;

    public ApiKey(string value, bool generated)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        Generated = generated;
    }

    /// <summary>True when no key was configured and this one was made at start.</summary>
    public bool Generated { get; }

    public bool Matches(string? candidate)
    {
        // Hashing first makes the comparison independent of the candidate's length.
        Span<byte> candidateHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(candidate ?? string.Empty), candidateHash);
        return CryptographicOperations.FixedTimeEquals(candidateHash, _hash) && candidate is not null;
    }

    public static string NewRandomValue() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
