using System.Text.Json;

namespace SignalRPub.Protocol;

/// <summary>Property names of the frames, encoded once.</summary>
internal static class FrameNames
{
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Response = JsonEncodedText.Encode("response");
    public static readonly JsonEncodedText Push = JsonEncodedText.Encode("push");
    public static readonly JsonEncodedText MsgId = JsonEncodedText.Encode("msgId");
    public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    public static readonly JsonEncodedText Body = JsonEncodedText.Encode("body");
    public static readonly JsonEncodedText Topic = JsonEncodedText.Encode("topic");
    public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
}
