using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SignalRPub.Security;

/// <summary>
/// The gateway's keys. A key that is not configured is made at random when the gateway starts and logged
/// once; no built-in key exists.
/// </summary>
internal sealed partial class GatewayKeys
{
    public GatewayKeys(IOptions<SignalRPubOptions> options, ILogger<GatewayKeys> logger)
    {
        Publish = Resolve(options.Value.Publish.ApiKey, "SignalRPub:Publish:ApiKey", logger);

        // Without the admin listener no admin key is needed, so none is made (or logged).
        Admin = options.Value.Admin.Enabled || !string.IsNullOrEmpty(options.Value.Admin.ApiKey)
            ? Resolve(options.Value.Admin.ApiKey, "SignalRPub:Admin:ApiKey", logger)
            : new ApiKey(ApiKey.NewRandomValue(), generated: true);
    }

    public ApiKey Publish { get; }

    public ApiKey Admin { get; }

    private static ApiKey Resolve(string? configured, string setting, ILogger logger)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return new ApiKey(configured, generated: false);
        }

        var value = ApiKey.NewRandomValue();
        Log.GeneratedKey(logger, setting, value);
        return new ApiKey(value, generated: true);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "{Setting} is not configured; this run uses the random key {Key}. Configure one to keep it across restarts.")]
        public static partial void GeneratedKey(ILogger logger, string setting, string key);
    }
}
