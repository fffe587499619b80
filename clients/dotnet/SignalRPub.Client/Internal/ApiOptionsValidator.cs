using Microsoft.Extensions.Options;

namespace SignalRPub.Client.Internal;

/// <summary>Checks the publisher's and the admin client's options, reporting every problem at once.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<SignalRPubPublisherOptions>, IValidateOptions<SignalRPubAdminOptions>
{
    public ValidateOptionsResult Validate(string? name, SignalRPubPublisherOptions options) => Check(options.BaseAddress, options.ApiKey);

    public ValidateOptionsResult Validate(string? name, SignalRPubAdminOptions options) => Check(options.BaseAddress, options.ApiKey);

    private static ValidateOptionsResult Check(Uri? baseAddress, string? apiKey)
    {
        var errors = new List<string>();
        if (baseAddress is not { IsAbsoluteUri: true } || baseAddress.Scheme is not ("http" or "https"))
        {
            errors.Add("BaseAddress: required, an absolute http:// or https:// URI");
        }

        if (string.IsNullOrEmpty(apiKey))
        {
            errors.Add("ApiKey: required");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
