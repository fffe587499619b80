using System.Text;

namespace SignalRPub.Redis.Tests.Infrastructure;

/// <summary>
/// The lines a child process writes (standard output and error together, in arrival order), the last
/// <see cref="Capacity"/> of them kept, across restarts of the process; a test can await a line as a signal.
/// </summary>
internal sealed class ProcessOutput
{
    /// <summary>How many of the latest lines are kept.</summary>
    public const int Capacity = 2000;

    private readonly Queue<(long Number, string Text)> _lines = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly Lock _lock = new();
    private long _count;

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines.Select(l => l.Text)];
            }
        }
    }

    /// <summary>How many lines have been added so far: a mark for <see cref="WaitForLineAsync"/> to look only past.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Adds a line and completes every wait it matches.</summary>
    public void Add(string line)
    {
        List<TaskCompletionSource<string>>? found = null;
        lock (_lock)
        {
            _lines.Enqueue((_count++, line));
            if (_lines.Count > Capacity)
            {
                _lines.Dequeue();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    (found ??= []).Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        found?.ForEach(f => f.TrySetResult(line));
    }

    /// <summary>
    /// The first kept line from number <paramref name="since"/> on (a <see cref="Count"/> taken earlier; 0: all) that
    /// <paramref name="match"/> accepts, or else the next such line to arrive; fails with the output when none does
    /// within <paramref name="timeout"/> (default <see cref="TestTimeouts.Default"/>).
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, long since = 0, TimeSpan? timeout = null)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            foreach (var (number, text) in _lines)
            {
                if (number >= since && match(text))
                {
                    return text;
                }
            }

            _waiters.Add((match, found));
        }

        var limit = timeout ?? TestTimeouts.Default;
        try
        {
            return await found.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                _waiters.RemoveAll(w => w.Found == found);
            }

            throw new TimeoutException($"No line showing {what} within {limit.TotalSeconds} s.{Environment.NewLine}{this}");
        }
    }

    /// <summary>The kept lines, one per line, after a note of how many earlier ones were dropped.</summary>
    public override string ToString()
    {
        lock (_lock)
        {
            var text = new StringBuilder();
            var dropped = _count - _lines.Count;
            if (dropped > 0)
            {
                text.Append('(').Append(dropped).AppendLine(" earlier lines dropped)");
            }

            foreach (var (_, line) in _lines)
            {
                text.AppendLine(line);
            }

            return text.ToString();
        }
    }
}
