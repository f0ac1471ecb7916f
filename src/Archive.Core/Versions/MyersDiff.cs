namespace Archive.Core.Versions;

/// <summary>
/// The shortest edit script between two sequences of item ids (Myers, "An O(ND) Difference Algorithm and Its
/// Variations", 1986), with a cap on the number of edits D. Time is O((N+M)·D) and memory O(D²) for the kept frontier
/// of each step, so a cap keeps both bounded whatever the length: a diff that needs more edits returns null and the
/// caller shows the whole stretch as one change.
/// </summary>
internal static class MyersDiff
{
    /// <summary>The runs that turn <paramref name="a"/> into <paramref name="b"/>, or null when that takes more than <paramref name="maxEdits"/> edits.</summary>
    public static List<EditRun>? Compute(int[] a, int[] b, int maxEdits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEdits);
        int n = a.Length, m = b.Length;
        var limit = (int)Math.Min(maxEdits, (long)n + m);
        var offset = limit + 1;
        var v = new int[(2 * limit) + 3];
        var frontiers = new List<int[]>();
        var found = -1;
        for (var d = 0; d <= limit && found < 0; d++)
        {
            if ((d & 63) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    found = d;
                    break;
                }
            }

            // The frontier after step d, for k in [-d, d]: what the walk back needs.
            var frontier = new int[(2 * d) + 1];
            Array.Copy(v, offset - d, frontier, 0, frontier.Length);
            frontiers.Add(frontier);
        }

        return found < 0 ? null : Walk(frontiers, found, n, m);
    }

    private static List<EditRun> Walk(List<int[]> frontiers, int edits, int n, int m)
    {
        var reversed = new List<EditRun>();
        int x = n, y = m;
        for (var d = edits; d > 0; d--)
        {
            var previous = frontiers[d - 1];
            var k = x - y;
            var down = k == -d || (k != d && previous[k - 1 + d - 1] < previous[k + 1 + d - 1]);
            var previousK = down ? k + 1 : k - 1;
            var previousX = previous[previousK + d - 1];
            var previousY = previousX - previousK;
            var snakeStart = down ? previousX : previousX + 1;
            Add(reversed, EditKind.Same, x - snakeStart);
            Add(reversed, down ? EditKind.Added : EditKind.Removed, 1);
            x = previousX;
            y = previousY;
        }

        Add(reversed, EditKind.Same, x);
        reversed.Reverse();
        return reversed;
    }

    private static void Add(List<EditRun> runs, EditKind kind, int count)
    {
        if (count <= 0)
        {
            return;
        }

        if (runs.Count > 0 && runs[^1].Kind == kind)
        {
            runs[^1] = new EditRun(kind, runs[^1].Count + count);
        }
        else
        {
            runs.Add(new EditRun(kind, count));
        }
    }
}
