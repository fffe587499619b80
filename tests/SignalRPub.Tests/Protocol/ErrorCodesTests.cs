using SignalRPub.Actions;
using SignalRPub.Protocol;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Protocol;

public class ErrorCodesTests
{
    [Theory]
    [InlineData("invalid_json", 400)]
    [InlineData("bad_request", 400)]
    [InlineData("invalid_topic", 400)]
    [InlineData("too_many_topics", 400)]
    [InlineData("payload_too_large", 413)]
    [InlineData("unauthorized", 401)]
    [InlineData("not_registered", 401)]
    [InlineData("forbidden", 403)]
    [InlineData("not_found", 404)]
    [InlineData("method_not_allowed", 405)]
    [InlineData("upgrade_required", 426)]
    [InlineData("upstream_unavailable", 502)]
    [InlineData("upstream_timeout", 504)]
    [InlineData("unavailable", 503)]
    [InlineData("rate_limited", 429)]
    [InlineData("internal", 500)]
    public void StatusOf_ProtocolCode_GivesItsStatus(string code, int status)
    {
        Assert.Equal(status, ErrorCodes.StatusOf(code));
    }

    [Fact]
    public void Body_CodeAndMessage_IsErrorObject()
    {
        JsonAssert.Equal("""{"error":{"code":"not_found","message":"no route for '/a'"}}""", ErrorBody.Write("not_found", "no route for '/a'"));
    }

    [Fact]
    public void Body_WithUpstreamBody_AddsUpstreamMember()
    {
        var body = ErrorBody.Write("upstream_rejected", "no", Utf8.Bytes("""{"reason":"quota"}"""));

        JsonAssert.Equal("""{"error":{"code":"upstream_rejected","message":"no"},"upstream":{"reason":"quota"}}""", body);
    }

    [Fact]
    public void Body_WithEmptyUpstreamBody_AddsNullUpstream()
    {
        var body = ErrorBody.Write("upstream_rejected", "no", ReadOnlyMemory<byte>.Empty);

        JsonAssert.Equal("""{"error":{"code":"upstream_rejected","message":"no"},"upstream":null}""", body);
    }

    [Fact]
    public void ActionResultError_Code_CarriesItsStatusAndBody()
    {
        var result = ActionResult.Error("not_registered", "register first");

        Assert.Equal(401, result.Status);
        JsonAssert.IsError("not_registered", result.Body);
    }
}
