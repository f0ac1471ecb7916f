using Archive.Core;
using Archive.Core.Search.Semantic;

namespace Archive.Web.Hosting;

/// <summary>
/// Embeds waiting English texts while the server runs (<c>archive serve</c> turns it on): one text at a time on a
/// thread of its own at the lowest CPU priority (unless <c>--embed-priority=normal</c>), giving way to running
/// searches before each chunk (up to a quarter of a second), so an upload is acknowledged at once and searches keep
/// the CPU; after each round it brings the HNSW index up to date (a large store). It looks again every few seconds,
/// and a restart (or a kill -9) goes on from the last text stored whole.
/// </summary>
internal sealed partial class BackgroundEmbedder(ArchiveCore archive, WebOptions options, ILogger<BackgroundEmbedder> logger) : BackgroundService
{
    /// <summary>How long it rests when nothing waits.</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await LowPriorityThread.Run(() => archive.Semantic.EmbedWaiting(null, stoppingToken, maxTexts: 16, busy: () => archive.Searcher.Active > 0), lower: !options.EmbedAtNormalPriority);
                if (result.Texts + result.Lexical > 0)
                {
                    Embedded(logger, result.Texts, result.Chunks, result.ChunksPerSecond);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Derived work only: whatever stops one round is logged, and the next round tries again; it never
                // stops the server.
                Failed(logger, ex.Message);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(Idle, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "embedded {Texts} texts as {Chunks} chunks ({Rate:0.0} chunks/s)")]
    private static partial void Embedded(ILogger logger, int texts, int chunks, double rate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "embedding stopped for now: {Reason}")]
    private static partial void Failed(ILogger logger, string reason);
}
