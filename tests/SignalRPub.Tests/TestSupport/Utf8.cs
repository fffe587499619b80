using System.Text;

namespace SignalRPub.Tests.TestSupport;

/// <summary>UTF-8 conversions used by the frame tests.</summary>
internal static class Utf8
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
