using Microsoft.Extensions.Options;
using SignalRPub.Upstreams;

namespace SignalRPub;

/// <summary>Checks every option at start and reports all that are wrong at once.</summary>
internal sealed class SignalRPubOptionsValidator : IValidateOptions<SignalRPubOptions>
{
    public ValidateOptionsResult Validate(string? name, SignalRPubOptions options)
    {
        var errors = new List<string>();
        var limits = options.Limits;
        void Positive(long value, string setting, string section = nameof(options.Limits))
        {
            if (value <= 0)
            {
                errors.Add($"SignalRPub:{section}:{setting} must be above 0 (it is {value}).");
            }
        }

        Positive(limits.RegisterTimeoutSeconds, nameof(limits.RegisterTimeoutSeconds));
        Positive(limits.KeepAliveSeconds, nameof(limits.KeepAliveSeconds));
        Positive(limits.IdleTimeoutSeconds, nameof(limits.IdleTimeoutSeconds));
        Positive(limits.MaxFrameBytes, nameof(limits.MaxFrameBytes));
        Positive(limits.MaxTopicsPerRequest, nameof(limits.MaxTopicsPerRequest));
        Positive(limits.MaxTopicsPerConnection, nameof(limits.MaxTopicsPerConnection));
        Positive(limits.MaxPendingBytes, nameof(limits.MaxPendingBytes));
        Positive(limits.SlowConsumerSeconds, nameof(limits.SlowConsumerSeconds));
        Positive(limits.MaxPublishBytes, nameof(limits.MaxPublishBytes));
        Positive(limits.MaxUnregisteredConnections, nameof(limits.MaxUnregisteredConnections));
        Positive(limits.MaxPushBatchBytes, nameof(limits.MaxPushBatchBytes));

        var rates = options.RateLimits;
        void PositiveRate(int value, string setting) => Positive(value, setting, nameof(options.RateLimits));

        PositiveRate(rates.FramesPerSecond, nameof(rates.FramesPerSecond));
        PositiveRate(rates.FrameBurst, nameof(rates.FrameBurst));
        PositiveRate(rates.MaxQueuedActions, nameof(rates.MaxQueuedActions));
        PositiveRate(rates.PublishMessagesPerSecond, nameof(rates.PublishMessagesPerSecond));
        PositiveRate(rates.UpgradesPerSecondPerAddress, nameof(rates.UpgradesPerSecondPerAddress));
        PositiveRate(rates.UpgradeBurstPerAddress, nameof(rates.UpgradeBurstPerAddress));
        PositiveRate(rates.AuthFailuresPerMinutePerAddress, nameof(rates.AuthFailuresPerMinutePerAddress));

        foreach (var origin in options.Security.AllowedOrigins)
        {
            if (!IsOrigin(origin))
            {
                errors.Add($"SignalRPub:Security:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port], e.g. https://app.example.com).");
            }
        }

        var redis = options.Redis;
        if (!string.IsNullOrWhiteSpace(redis.Configuration))
        {
            if (redis.Prefix.Length is 0 or > 64 || !redis.Prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                errors.Add($"SignalRPub:Redis:Prefix must be 1–64 letters, digits, '-', '_' or '.' (it is '{redis.Prefix}').");
            }

            if (redis.NodeTimeoutSeconds < 3)
            {
                errors.Add($"SignalRPub:Redis:NodeTimeoutSeconds must be at least 3 (it is {redis.NodeTimeoutSeconds}).");
            }

            if (redis.StartupTimeoutSeconds <= 0)
            {
                errors.Add($"SignalRPub:Redis:StartupTimeoutSeconds must be above 0 (it is {redis.StartupTimeoutSeconds}).");
            }
        }

        if (options.Upstreams.UnhealthyAfterFailures <= 0)
        {
            errors.Add($"SignalRPub:Upstreams:UnhealthyAfterFailures must be above 0 (it is {options.Upstreams.UnhealthyAfterFailures}).");
        }

        if (options.Upstreams.UnhealthySeconds < 0)
        {
            errors.Add($"SignalRPub:Upstreams:UnhealthySeconds must be 0 or more (it is {options.Upstreams.UnhealthySeconds}).");
        }

        if (options.Upstreams.MaxResponseBytes <= 0)
        {
            errors.Add($"SignalRPub:Upstreams:MaxResponseBytes must be above 0 (it is {options.Upstreams.MaxResponseBytes}).");
        }

        var notNetworks = DeniedNetworks.Entries(options.Upstreams).Where(e => !DeniedNetworks.TryParse(e, out _)).ToList();
        if (notNetworks.Count > 0)
        {
            errors.Add($"SignalRPub:Upstreams:DeniedNetworks must list networks such as 169.254.0.0/16 or fe80::/10 (not: {string.Join(", ", notNetworks)}).");
        }

        if (limits.IdleTimeoutSeconds <= limits.KeepAliveSeconds)
        {
            errors.Add($"SignalRPub:Limits:IdleTimeoutSeconds ({limits.IdleTimeoutSeconds}) must be above KeepAliveSeconds ({limits.KeepAliveSeconds}).");
        }

        if (limits.MaxFrameBytes > 16 * 1024 * 1024)
        {
            errors.Add($"SignalRPub:Limits:MaxFrameBytes must be at most 16 MiB (it is {limits.MaxFrameBytes}).");
        }

        if (limits.MaxPushBatchBytes > 16 * 1024 * 1024)
        {
            errors.Add($"SignalRPub:Limits:MaxPushBatchBytes must be at most 16 MiB (it is {limits.MaxPushBatchBytes}).");
        }

        if (options.Security.TokenSecret is { Length: > 0 and < 32 })
        {
            errors.Add("SignalRPub:Security:TokenSecret must be at least 32 characters.");
        }

        if (options.Storage.Provider is not ("file" or "memory"))
        {
            errors.Add($"SignalRPub:Storage:Provider must be file or memory (it is '{options.Storage.Provider}').");
        }

        if (options.Storage.Provider == "file" && string.IsNullOrWhiteSpace(options.Storage.DataDirectory))
        {
            errors.Add("SignalRPub:Storage:DataDirectory must name a directory.");
        }

        if (options.Admin.Enabled && string.IsNullOrWhiteSpace(options.Admin.Urls))
        {
            errors.Add("SignalRPub:Admin:Urls must name at least one URL (or set SignalRPub:Admin:Enabled to false).");
        }

        if (string.IsNullOrWhiteSpace(options.Gateway.Urls))
        {
            errors.Add("SignalRPub:Gateway:Urls must name at least one URL.");
        }

        if (!string.Equals(options.Gateway.WebSocketUpgrades?.Trim(), GatewayOptions.ConnectionUpgrades, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(options.Gateway.WebSocketUpgrades?.Trim(), GatewayOptions.HttpUpgrades, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"SignalRPub:Gateway:WebSocketUpgrades must be Connection or Http (it is '{options.Gateway.WebSocketUpgrades}').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
        && !origin.TrimEnd('/').EndsWith("/", StringComparison.Ordinal);
}
