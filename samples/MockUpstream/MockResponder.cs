using System.Text.Json.Nodes;

namespace SignalRPub.Samples.MockUpstream;

/// <summary>Decides the answer to a call from the options alone, so the rules can be read in one place.</summary>
internal static class MockResponder
{
    public static MockAnswer Answer(UpstreamCall call, MockUpstreamOptions options) => call.Action.ToLowerInvariant() switch
    {
        UpstreamActions.Register => Register(call, options),
        UpstreamActions.SubAdd or UpstreamActions.SubPatch or UpstreamActions.SubPut => Subscribe(call, options),
        _ => MockAnswer.Ok(),
    };

    private static MockAnswer Register(UpstreamCall call, MockUpstreamOptions options)
    {
        if (call.UserId is null)
        {
            return MockAnswer.Ok();
        }

        if (Glob.IsMatchAny(options.DenyUsers, call.UserId))
        {
            return new MockAnswer(StatusCodes.Status403Forbidden, new JsonObject { ["error"] = "user denied" });
        }

        return MockAnswer.Ok(new JsonObject { ["userId"] = call.UserId });
    }

    private static MockAnswer Subscribe(UpstreamCall call, MockUpstreamOptions options)
    {
        if (options.DenyTopics.Count == 0 || call.Topics is null)
        {
            return MockAnswer.Ok();
        }

        var denied = call.Topics.Where(t => Glob.IsMatchAny(options.DenyTopics, t)).ToList();
        if (denied.Count > 0 && options.DenyTopicsStatus is int status)
        {
            return new MockAnswer(status, new JsonObject
            {
                ["error"] = "topic denied",
                ["topics"] = MockAnswer.ToArray(denied),
            });
        }

        var allowed = call.Topics.Where(t => !denied.Contains(t, StringComparer.Ordinal));
        return MockAnswer.Ok(new JsonObject { ["topics"] = MockAnswer.ToArray(allowed) });
    }
}
