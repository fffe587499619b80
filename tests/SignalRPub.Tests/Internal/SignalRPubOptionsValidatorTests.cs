using SignalRPub.Internal;

namespace SignalRPub.Tests.Internal;

public class SignalRPubOptionsValidatorTests
{
    private readonly SignalRPubOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(_validator.Validate(null, new SignalRPubOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EveryLimitBad_ReportsEveryOneAtOnce()
    {
        var options = new SignalRPubOptions();
        var limits = options.Limits;
        limits.RegisterTimeoutSeconds = 0;
        limits.KeepAliveSeconds = -1;
        limits.IdleTimeoutSeconds = 0;
        limits.MaxFrameBytes = 0;
        limits.MaxTopicsPerRequest = -5;
        limits.MaxTopicsPerConnection = 0;
        limits.MaxPendingBytes = 0;
        limits.SlowConsumerSeconds = 0;
        limits.MaxPublishBytes = -1;
        options.Upstreams.UnhealthyAfterFailures = 0;
        options.Upstreams.UnhealthySeconds = -1;
        options.Security.TokenSecret = "too-short";
        options.Gateway.Urls = " ";
        options.Gateway.WebSocketUpgrades = "Kestrel";
        options.Storage.Provider = "redis";
        options.Admin.Enabled = true;
        options.Admin.Urls = "";

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        string[] settings =
        [
            "SignalRPub:Limits:RegisterTimeoutSeconds", "SignalRPub:Limits:KeepAliveSeconds", "SignalRPub:Limits:IdleTimeoutSeconds",
            "SignalRPub:Limits:MaxFrameBytes", "SignalRPub:Limits:MaxTopicsPerRequest", "SignalRPub:Limits:MaxTopicsPerConnection",
            "SignalRPub:Limits:MaxPendingBytes", "SignalRPub:Limits:SlowConsumerSeconds", "SignalRPub:Limits:MaxPublishBytes",
            "SignalRPub:Upstreams:UnhealthyAfterFailures", "SignalRPub:Upstreams:UnhealthySeconds",
            "SignalRPub:Security:TokenSecret", "SignalRPub:Gateway:Urls", "SignalRPub:Gateway:WebSocketUpgrades", "SignalRPub:Storage:Provider",
            "SignalRPub:Admin:Urls",
        ];
        foreach (var setting in settings)
        {
            Assert.Contains(failures, f => f.StartsWith(setting + " ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Connection", true)]
    [InlineData("connection", true)]
    [InlineData("Http", true)]
    [InlineData(" HTTP ", true)]
    [InlineData("", false)]
    [InlineData("Sockets", false)]
    public void Validate_WebSocketUpgrades_TakesConnectionOrHttpInAnyCase(string value, bool valid)
    {
        var options = new SignalRPubOptions();
        options.Gateway.WebSocketUpgrades = value;

        Assert.Equal(valid, _validator.Validate(null, options).Succeeded);
        Assert.Equal(value.Trim().Equals("connection", StringComparison.OrdinalIgnoreCase), options.Gateway.UpgradesBelowHttp);
    }

    [Theory]
    [InlineData(nameof(LimitsOptions.RegisterTimeoutSeconds), 0)]
    [InlineData(nameof(LimitsOptions.KeepAliveSeconds), 0)]
    [InlineData(nameof(LimitsOptions.IdleTimeoutSeconds), -1)]
    [InlineData(nameof(LimitsOptions.MaxFrameBytes), 0)]
    [InlineData(nameof(LimitsOptions.MaxFrameBytes), 16 * 1024 * 1024 + 1)]
    [InlineData(nameof(LimitsOptions.MaxTopicsPerRequest), 0)]
    [InlineData(nameof(LimitsOptions.MaxTopicsPerConnection), -1)]
    [InlineData(nameof(LimitsOptions.MaxPendingBytes), 0)]
    [InlineData(nameof(LimitsOptions.SlowConsumerSeconds), 0)]
    [InlineData(nameof(LimitsOptions.MaxPublishBytes), 0)]
    [InlineData(nameof(LimitsOptions.MaxPushBatchBytes), 0)]
    [InlineData(nameof(LimitsOptions.MaxPushBatchBytes), -1)]
    [InlineData(nameof(LimitsOptions.MaxPushBatchBytes), 16 * 1024 * 1024 + 1)]
    public void Validate_OneBadLimit_FailsNamingIt(string setting, int value)
    {
        var options = new SignalRPubOptions();
        var property = typeof(LimitsOptions).GetProperty(setting)!;
        property.SetValue(options.Limits, property.PropertyType == typeof(long) ? (object)(long)value : value);

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("SignalRPub:Limits:" + setting, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(15, 15)]
    [InlineData(20, 15)]
    public void Validate_IdleTimeoutNotAboveKeepAlive_Fails(int keepAlive, int idle)
    {
        var options = new SignalRPubOptions();
        options.Limits.KeepAliveSeconds = keepAlive;
        options.Limits.IdleTimeoutSeconds = idle;

        var result = _validator.Validate(null, options);

        Assert.Contains(result.Failures!, f => f.Contains("IdleTimeoutSeconds", StringComparison.Ordinal) && f.Contains("KeepAliveSeconds", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public void Validate_TokenSecretEmptyOrLongEnough_Succeeds(string? secret)
    {
        var options = new SignalRPubOptions();
        options.Security.TokenSecret = secret;

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_FileStorageWithoutDirectory_FailsNamingIt()
    {
        var options = new SignalRPubOptions();
        options.Storage.Provider = "file";
        options.Storage.DataDirectory = " ";

        Assert.Contains(_validator.Validate(null, options).Failures!, f => f.StartsWith("SignalRPub:Storage:DataDirectory ", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DeniedNetworksThatAreNotNetworks_FailsNamingEach()
    {
        var options = new SignalRPubOptions();
        options.Upstreams.DeniedNetworks = ["10.0.0.0/8", "10.0.0.0/33", "internal", "fe80::/129", ""];

        var failure = Assert.Single(_validator.Validate(null, options).Failures!);

        Assert.StartsWith("SignalRPub:Upstreams:DeniedNetworks ", failure);
        Assert.Contains("10.0.0.0/33, internal, fe80::/129", failure);
    }

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("169.254.169.254")]
    [InlineData("fd00::/8")]
    [InlineData("")]
    public void Validate_DeniedNetworks_Succeeds(string network)
    {
        var options = new SignalRPubOptions();
        options.Upstreams.DeniedNetworks = [network];

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_MaxResponseBytesNotAboveZero_FailsNamingIt(int value)
    {
        var options = new SignalRPubOptions();
        options.Upstreams.MaxResponseBytes = value;

        Assert.Contains(_validator.Validate(null, options).Failures!, f => f.StartsWith("SignalRPub:Upstreams:MaxResponseBytes ", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AdminDisabledWithoutUrls_Succeeds()
    {
        var options = new SignalRPubOptions();
        options.Admin.Urls = string.Empty;

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_UnhealthySecondsZero_Succeeds()
    {
        var options = new SignalRPubOptions();
        options.Upstreams.UnhealthySeconds = 0;

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_EveryRateLimitBad_ReportsEveryOne()
    {
        var options = new SignalRPubOptions();
        var rates = options.RateLimits;
        rates.FramesPerSecond = 0;
        rates.FrameBurst = -1;
        rates.MaxQueuedActions = 0;
        rates.PublishMessagesPerSecond = 0;
        rates.UpgradesPerSecondPerAddress = 0;
        rates.UpgradeBurstPerAddress = 0;
        rates.AuthFailuresPerMinutePerAddress = 0;
        options.Limits.MaxUnregisteredConnections = 0;

        var failures = _validator.Validate(null, options).Failures!.ToList();

        foreach (var setting in (string[])["FramesPerSecond", "FrameBurst", "MaxQueuedActions", "PublishMessagesPerSecond",
            "UpgradesPerSecondPerAddress", "UpgradeBurstPerAddress", "AuthFailuresPerMinutePerAddress"])
        {
            Assert.Contains(failures, f => f.Contains($"SignalRPub:RateLimits:{setting}", StringComparison.Ordinal));
        }

        Assert.Contains(failures, f => f.Contains("SignalRPub:Limits:MaxUnregisteredConnections", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://app.example.com")]
    [InlineData("http://localhost:3000")]
    [InlineData("https://app.example.com/")]
    public void Validate_AllowedOrigin_Succeeds(string origin)
    {
        var options = new SignalRPubOptions();
        options.Security.AllowedOrigins.Add(origin);

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("app.example.com")]
    [InlineData("https://app.example.com/path")]
    [InlineData("ftp://app.example.com")]
    [InlineData("https://app.example.com?x=1")]
    [InlineData("*")]
    public void Validate_NotAnOrigin_NamesTheSetting(string origin)
    {
        var options = new SignalRPubOptions();
        options.Security.AllowedOrigins.Add(origin);

        var result = _validator.Validate(null, options);

        Assert.Contains(result.Failures!, f => f.Contains("SignalRPub:Security:AllowedOrigins", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RedisSettingsBadWithoutConfiguration_AreNotChecked()
    {
        var options = new SignalRPubOptions();
        options.Redis.Prefix = "";
        options.Redis.NodeTimeoutSeconds = 0;

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_RedisDefaultsWithConfiguration_Succeeds()
    {
        var options = new SignalRPubOptions();
        options.Redis.Configuration = "localhost:6379";

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("", 30, 30, "SignalRPub:Redis:Prefix")]
    [InlineData("has space", 30, 30, "SignalRPub:Redis:Prefix")]
    [InlineData("a:b", 30, 30, "SignalRPub:Redis:Prefix")]
    [InlineData("signalrpub", 2, 30, "SignalRPub:Redis:NodeTimeoutSeconds")]
    [InlineData("signalrpub", 30, 0, "SignalRPub:Redis:StartupTimeoutSeconds")]
    public void Validate_RedisSettingBad_NamesIt(string prefix, int nodeTimeout, int startupTimeout, string setting)
    {
        var options = new SignalRPubOptions();
        options.Redis.Configuration = "localhost:6379";
        options.Redis.Prefix = prefix;
        options.Redis.NodeTimeoutSeconds = nodeTimeout;
        options.Redis.StartupTimeoutSeconds = startupTimeout;

        var failure = Assert.Single(_validator.Validate(null, options).Failures!);
        Assert.Contains(setting, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PrefixOf64_SucceedsAnd65_Fails()
    {
        var options = new SignalRPubOptions();
        options.Redis.Configuration = "localhost:6379";
        options.Redis.Prefix = new string('p', 64);
        Assert.True(_validator.Validate(null, options).Succeeded);

        options.Redis.Prefix = new string('p', 65);
        Assert.True(_validator.Validate(null, options).Failed);
    }
}
