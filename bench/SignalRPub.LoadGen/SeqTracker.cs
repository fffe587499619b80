using System.Text.Json;

namespace SignalRPub.LoadGen;

/// <summary>
/// Checks one healthy client's pushes for loss: the soak publisher numbers each topic's messages 1, 2, 3, … in
/// <c>data.s</c>, and from the moment the client's subscription is acknowledged every later number must arrive, once
/// and in order. Numbers up to the baseline (requests already under way at the acknowledgement) may or may not
/// arrive; they are ignored. Thread safe: pushes and baselines come from different threads.
/// </summary>
internal sealed class SeqTracker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Track> _tracks = new(StringComparer.Ordinal);

    /// <summary>Numbers missing between two that arrived (each counted once).</summary>
    public long Gaps { get; private set; }

    /// <summary>Numbers that arrived again or out of order.</summary>
    public long Duplicates { get; private set; }

    /// <summary>From now on, every number of <paramref name="topic"/> after <paramref name="baseline"/> must arrive.</summary>
    public void Expect(string topic, long baseline)
    {
        lock (_lock)
        {
            _tracks[topic] = new Track(baseline + 1);
        }
    }

    /// <summary>Records one push (raw frame or SignalR invocation record); pushes without a number are ignored.</summary>
    public void Seen(ReadOnlySpan<byte> push)
    {
        if (!TryRead(push, out var topic, out var seq))
        {
            return;
        }

        lock (_lock)
        {
            if (!_tracks.TryGetValue(topic, out var track) || seq < track.From)
            {
                return;
            }

            if (seq == track.Next)
            {
                track.Next++;
            }
            else if (seq > track.Next)
            {
                Gaps += seq - track.Next;
                track.Next = seq + 1;
            }
            else
            {
                Duplicates++;
            }
        }
    }

    /// <summary>Numbers published (acknowledged) after each baseline that have not arrived (yet).</summary>
    public long Behind(Func<string, long> committed)
    {
        lock (_lock)
        {
            return _tracks.Sum(t => Math.Max(0, committed(t.Key) - (t.Value.Next - 1)));
        }
    }

    /// <summary>Finds the push's <c>topic</c> and its data's <c>s</c> without building a document.</summary>
    internal static bool TryRead(ReadOnlySpan<byte> push, out string topic, out long seq)
    {
        topic = "";
        seq = 0;
        var found = 0;
        try
        {
            var reader = new Utf8JsonReader(push);
            while (found != 3 && reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if ((found & 1) == 0 && reader.ValueTextEquals("topic"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    topic = reader.GetString()!;
                    found |= 1;
                }
                else if ((found & 2) == 0 && reader.ValueTextEquals("s"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out seq))
                {
                    found |= 2;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return found == 3;
    }

    private sealed class Track(long from)
    {
        public long From { get; } = from;

        public long Next { get; set; } = from;
    }
}
