using System.Buffers;

namespace SignalRPub.RawWebSockets;

/// <summary>
/// Writes the batch frame of PROTOCOL.md §4 for a raw client that asked for it: a run of push records becomes
/// <c>{"type":"batch","frames":[</c> the records, comma-separated, <c>]}</c> in one WebSocket message. The records
/// already are the push frames' bytes, so nothing is serialised again; the payload is measured first because the
/// frame header states its length.
/// </summary>
internal static class PushBatchWriter
{
    private static ReadOnlySpan<byte> Prefix => "{\"type\":\"batch\",\"frames\":["u8;

    private static ReadOnlySpan<byte> Separator => ","u8;

    private static ReadOnlySpan<byte> Suffix => "]}"u8;

    // PubFrameHubProtocol writes "type" first; a response begins {"type":"response".
    private static ReadOnlySpan<byte> PushLead => "{\"type\":\"push\""u8;

    /// <summary>The payload bytes a batch frame adds around its records, separators aside.</summary>
    public static int Overhead => Prefix.Length + Suffix.Length;

    /// <summary>Whether <paramref name="record"/> is a push frame (not a response).</summary>
    public static bool IsPush(in ReadOnlySequence<byte> record)
    {
        var lead = PushLead;
        if (record.FirstSpan.Length >= lead.Length)
        {
            return record.FirstSpan.StartsWith(lead);
        }

        if (record.Length < lead.Length)
        {
            return false;
        }

        Span<byte> start = stackalloc byte[lead.Length];
        record.Slice(0, lead.Length).CopyTo(start);
        return start.SequenceEqual(lead);
    }

    /// <summary>
    /// Appends the push record <paramref name="push"/> and the push records right behind it in <paramref name="rest"/>
    /// (up to the first record of another kind, the first incomplete one, or <paramref name="maxBatchBytes"/> of payload)
    /// to <paramref name="stream"/>: as one batch frame when that run holds two or more, as a plain frame otherwise.
    /// Takes the records it appended off <paramref name="rest"/> and returns how many it appended, the first included.
    /// </summary>
    public static int Append(BatchingStream stream, in ReadOnlySequence<byte> push, ref ReadOnlySequence<byte> rest, int maxBatchBytes)
    {
        var count = Measure(push, rest, maxBatchBytes, out var payloadLength);
        if (count == 1)
        {
            stream.AppendTextFrame(push);
            return 1;
        }

        stream.AppendTextFrameHeader(payloadLength);
        stream.AppendPayload(Prefix);
        stream.AppendPayload(push);
        for (var i = 1; i < count; i++)
        {
            RawSocketConnection.TryReadRecord(ref rest, out var next);
            stream.AppendPayload(Separator);
            stream.AppendPayload(next);
        }

        stream.AppendPayload(Suffix);
        return count;
    }

    /// <summary>How many records, from <paramref name="push"/> on, one batch frame takes, and its payload's length.</summary>
    internal static int Measure(in ReadOnlySequence<byte> push, ReadOnlySequence<byte> rest, int maxBatchBytes, out long payloadLength)
    {
        payloadLength = Overhead + push.Length;
        var count = 1;
        while (RawSocketConnection.TryReadRecord(ref rest, out var next)
            && IsPush(next)
            && payloadLength + Separator.Length + next.Length <= maxBatchBytes)
        {
            payloadLength += Separator.Length + next.Length;
            count++;
        }

        return count;
    }
}
