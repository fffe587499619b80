namespace SignalRPub.Samples.MockUpstream;

/// <summary>
/// Matches values against glob patterns in which <c>*</c> stands for any run of characters (including none) and
/// every other character stands for itself, compared ordinally.
/// </summary>
internal static class Glob
{
    /// <summary>Whether <paramref name="value"/> matches any of <paramref name="patterns"/>.</summary>
    public static bool IsMatchAny(IEnumerable<string> patterns, string value)
    {
        foreach (var pattern in patterns)
        {
            if (IsMatch(pattern, value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the whole of <paramref name="value"/> matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> value)
    {
        int p = 0, v = 0;
        int star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                // Let the star match nothing first; widen it one character at a time on a later mismatch.
                star = p++;
                resume = v;
            }
            else if (p < pattern.Length && pattern[p] == value[v])
            {
                p++;
                v++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
