using System.Runtime.InteropServices;

namespace Archive.Core.Search.Semantic;

/// <summary>
/// Runs background work on a thread of its own at the lowest CPU priority (Linux: nice 19 for that thread only; .NET's
/// <c>Thread.Priority</c> does nothing there), so the scheduler gives searches a core whenever they want one and the
/// work gets what is left. With one ONNX Runtime thread, the model runs on this same thread.
/// </summary>
public static partial class LowPriorityThread
{
    /// <summary>The lowest priority Linux gives a thread (nice 19: about 1/70 of a normal thread's share when both want the core).</summary>
    public const int Nice = 19;

    /// <param name="lower">False runs the work at normal priority (<c>--embed-priority=normal</c>, for a machine given over to embedding).</param>
    public static Task<T> Run<T>(Func<T> work, bool lower = true)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new ManualResetEvent(false);
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            if (lower)
            {
                LowerCurrent();
            }

            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            // Only an event from this thread: a thread started here (a thread-pool worker woken for the task's
            // continuation) would inherit nice 19 and then serve searches at it.
            finished.Set();
        })
        { IsBackground = true, Name = lower ? "archive background (low priority)" : "archive background" };

        // Completed from the pool's wait thread, which this thread did not start.
        ThreadPool.UnsafeRegisterWaitForSingleObject(finished, (_, _) =>
        {
            finished.Dispose();
            _ = failure switch
            {
                null => done.TrySetResult(result),
                OperationCanceledException canceled => done.TrySetCanceled(canceled.CancellationToken),
                _ => done.TrySetException(failure),
            };
        }, null, Timeout.Infinite, executeOnlyOnce: true);
        thread.Start();
        return done.Task;
    }

    /// <summary>Lowers the calling thread to <see cref="Nice"/>; false where the system does not allow it or is not Linux.</summary>
    public static bool LowerCurrent() => OperatingSystem.IsLinux() && SetPriority(0 /* PRIO_PROCESS: a thread id names one thread */, GetThreadId(), Nice) == 0;

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
