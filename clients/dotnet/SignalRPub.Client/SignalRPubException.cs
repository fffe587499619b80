using System.Text.Json;

namespace SignalRPub.Client;

/// <summary>
/// The gateway (or an API of it) answered a request with a status other than 2xx. <see cref="Error"/> is the error code
/// programs branch on (docs/protocol.md §10); <see cref="Exception.Message"/> is for people.
/// </summary>
public sealed class SignalRPubException : Exception
{
    /// <summary>Creates an exception for an answer with <paramref name="status"/>.</summary>
    /// <param name="status">The HTTP status of the answer.</param>
    /// <param name="error">The error code, e.g. <c>invalid_topic</c>, or <see langword="null"/> when the answer had none.</param>
    /// <param name="message">The human-readable message.</param>
    /// <param name="body">The whole body of the answer (a JSON <c>null</c> when it had none).</param>
    /// <param name="retryAfter">The wait the answer's <c>Retry-After</c> asked for, when it had one.</param>
    public SignalRPubException(int status, string? error, string message, JsonElement body, TimeSpan? retryAfter = null)
        : base(message)
    {
        Status = status;
        Error = error;
        Body = body;
        RetryAfter = retryAfter;
        Upstream = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("upstream", out var upstream) ? upstream : null;
    }

    /// <summary>The HTTP status of the answer, e.g. <c>401</c>, or the upstream's status for <c>upstream_rejected</c>.</summary>
    public int Status { get; }

    /// <summary>The error code, e.g. <c>not_registered</c>, <c>upstream_rejected</c>; <see langword="null"/> when the answer named none (the admin API's <c>{"error_msg"}</c> answers).</summary>
    public string? Error { get; }

    /// <summary>The whole body of the answer.</summary>
    public JsonElement Body { get; }

    /// <summary>
    /// The upstream's own answer when an upstream refused the action (<c>upstream_rejected</c>, docs/protocol.md §9): the
    /// body's <c>upstream</c> member; otherwise <see langword="null"/>.
    /// </summary>
    public JsonElement? Upstream { get; }

    /// <summary>The wait the answer's <c>Retry-After</c> header asked for (HTTP APIs, <c>429</c> and <c>503</c>), or <see langword="null"/>.</summary>
    public TimeSpan? RetryAfter { get; }
}
