namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>One WebSocket frame as it came off the wire (RFC 6455 §5.2).</summary>
internal sealed record WireFrame(bool Fin, int Opcode, bool Masked, byte[] Payload)
{
    public const int Text = 0x1;
    public const int Close = 0x8;
    public const int Ping = 0x9;
    public const int Pong = 0xA;
}
