using System.Runtime.InteropServices;

namespace Archive.Core.Search.Semantic;

/// <summary>
/// Runs background work on a thread of its own at the lowest CPU priority (Linux: nice 19 for that thread only; .NET's
/// <c>Thread.Priority</c> does nothing there), so the scheduler gives searches a core whenever they want one and the
/// work gets what is left. With one ONNX Runtime thread, the model runs on this same thread.
/// </summary>
internal static partial class LowPriorityThread
{
    /// <summary>The lowest priority Linux gives a thread (nice 19: about 1/70 of a normal thread's share when both want the core).</summary>
    public const int Nice = 19;

    /// <param name="lower">False runs the work at normal priority (<c>--embed-priority=normal</c>, for a machine given over to embedding).</param>
    public static Task<T> Run<T>(Func<T> work, bool lower = true)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            if (lower)
            {
                LowerCurrent();
            }

            try
            {
                done.SetResult(work());
            }
            catch (OperationCanceledException ex)
            {
                done.SetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = true, Name = "archive background (low priority)" };
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
