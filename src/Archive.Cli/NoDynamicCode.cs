using System.Runtime.CompilerServices;

namespace Archive.Cli;

/// <summary>
/// Tells the libraries in a batch command's process that no code can be made at run time, as in a native-AOT build, so
/// they take the paths they keep for that: a regular expression built with <c>RegexOptions.Compiled</c> (Lucene.Net
/// makes two on first use) is interpreted instead of emitted as IL and then compiled by the JIT, and reflection calls
/// go without emitted stubs. For one short verify that work was never paid back: it compiled 93 methods at run time,
/// 84 with this, and on Reuters (30 alternating rounds) took 0.427 s against 0.454 s, 0.696 s of CPU against 0.753 s.
/// Verify needs no made code: the same program published with native AOT, where none can be made, ran a whole verify
/// of Reuters. It takes effect only if set before the runtime first asks (<see cref="RuntimeFeature"/>'s static
/// constructor); after that nothing changes. Never for a server, whose long life pays for the compiled code many times
/// over.
/// </summary>
internal static class NoDynamicCode
{
    private const string Switch = "System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported";

    /// <summary>True when the process now reports that it cannot make code; false when the runtime had already asked.</summary>
    public static bool Use()
    {
        AppContext.SetSwitch(Switch, false);
        return !RuntimeFeature.IsDynamicCodeSupported;
    }
}
