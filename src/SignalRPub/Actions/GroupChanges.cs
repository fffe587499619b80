namespace SignalRPub.Actions;

/// <summary>
/// A list of group changes for one connection, made in order and never cancelled half-way: when one fails, those
/// already made are undone (best effort) and <see cref="GroupChangeFailedException"/> is thrown.
/// </summary>
internal sealed class GroupChanges(IGroupMembership groups, string connectionId)
{
    private readonly List<(string Group, bool Joined)> _made = [];

    /// <summary>The changes made, in order: a group and whether it was joined (or left).</summary>
    public IReadOnlyList<(string Group, bool Joined)> Made => _made;

    public async Task RunAsync(IEnumerable<(string Group, bool Join)> changes)
    {
        foreach (var (group, join) in changes)
        {
            try
            {
                await Change(group, join).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await UndoAsync().ConfigureAwait(false);
                throw new GroupChangeFailedException(ex);
            }

            _made.Add((group, join));
        }
    }

    private Task Change(string group, bool join) => join
        ? groups.AddAsync(connectionId, group, CancellationToken.None)
        : groups.RemoveAsync(connectionId, group, CancellationToken.None);

    private async Task UndoAsync()
    {
        for (var i = _made.Count - 1; i >= 0; i--)
        {
            try
            {
                await Change(_made[i].Group, !_made[i].Joined).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The backplane that refused the change may refuse its undoing too; the hub drops a connection's groups
                // when it ends, and the answer says nothing was changed.
            }
        }

        _made.Clear();
    }
}
