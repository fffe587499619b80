namespace SignalRPub.Redis;

/// <summary>
/// One message on the bus between nodes: a request (<see cref="Kind"/> set) or the reply to one (<see cref="Failed"/>
/// says whether the handler failed). <see cref="From"/> is where the reply goes.
/// </summary>
internal sealed record BusEnvelope(long Id, string From, string? Kind, byte[] Payload, bool Failed = false);
