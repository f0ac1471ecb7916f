using System.Runtime.InteropServices;
using Archive.Core.Storage;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Archive.Cli.Json;
using Archive.Core;
using Archive.Core.Catalog;
using Archive.Core.Metadata;
using Microsoft.Data.Sqlite;

namespace Archive.Cli;

/// <summary>What every command needs: the parsed global options, output writers, the archive and JSON settings.</summary>
internal sealed class CliContext(ParseResult parse, TextWriter output, TextWriter error, bool interactive, TimeProvider clock) : IDisposable
{
    private ArchiveCore? _archive;

    public ParseResult Parse { get; } = parse;

    public TextWriter Out { get; } = output;

    public TextWriter Err { get; } = error;

    /// <summary>True when stderr is a terminal: draw progress bars.</summary>
    public bool Interactive { get; } = interactive;

    public TimeProvider Clock { get; } = clock;

    /// <summary>The archive's paths; an empty --archive or a root that is a file is refused as a usage error.</summary>
    public ArchiveLayout Layout
    {
        get
        {
            // An empty --archive is a mistake (an unset variable, say), not a request for the default ./archive.
            var root = Parse.GetValue(GlobalOptions.Archive) is { } given ? PathInput.Folder(given, "--archive") : null;
            var layout = ArchiveLayout.Resolve(root, Parse.GetValue(GlobalOptions.Key));
            PathInput.Folder(layout.Root, "--archive");
            return layout;
        }
    }

    public string Agent => Parse.GetValue(GlobalOptions.Agent) is { Length: > 0 } agent ? agent : Environment.UserName;

    public ArchiveCore Archive => _archive ??= ArchiveCore.Open(Layout, Clock);

    // Archive's JSON shape over the types the CLI writes, made at compile time: no reflection, so it runs compiled ahead of time.
    private static readonly JsonSerializerOptions Json = ArchiveJson.Create(CliJsonContext.Default);

    /// <summary>Writes <paramref name="value"/> as JSON; a type missing from <see cref="CliJsonContext"/> throws <see cref="NotSupportedException"/>.</summary>
    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, TypeInfo<T>()));

    public void Dispose() => _archive?.Dispose();

    /// <summary>Runs a command body and turns expected failures into one line and an exit code.</summary>
    public static int Execute(ParseResult parse, Func<CliContext, CancellationToken, int> body, CancellationToken cancellationToken)
    {
        var host = CliHost.Current;
        using var context = new CliContext(parse, host.Out, host.Err, host.Interactive, host.Clock);

        // System.CommandLine installs its Ctrl+C handler only once an action has returned its task, and these actions
        // run to the end before they return one: without these, Ctrl+C killed the process in the middle of a write
        // (no exit 130, staged files left behind, the terminal's cursor left hidden). The first Ctrl+C or SIGTERM
        // cancels the work, which stops at its next safe point; a second ends the process at once.
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        try
        {
            return body(context, interrupt.Token);
        }
        catch (CliException ex)
        {
            return Fail(context, ex.ExitCode, ex.Message, ex);
        }
        catch (ArchiveException ex)
        {
            return Fail(context, ExitCodes.For(ex.Kind), ex.Message, ex);
        }
        catch (OperationCanceledException ex)
        {
            return Fail(context, ExitCodes.Cancelled, "cancelled; work acknowledged before this point is committed", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            return Fail(context, ExitCodes.NotWritable, $"permission denied: {ex.Message}", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 8 /* SQLITE_READONLY */ or 14 /* SQLITE_CANTOPEN */)
        {
            return Fail(context, ExitCodes.NotWritable, $"{context.Layout.CatalogPath}: cannot write the catalog ({ex.Message.TrimEnd('.')}); is the archive read-only?", ex);
        }
        catch (IOException ex)
        {
            return Fail(context, ExitCodes.NotWritable, ex.Message, ex);
        }
        catch (Exception ex)
        {
            return Fail(context, ExitCodes.Error, $"unexpected error: {ex.Message} (run with --verbose for details)", ex);
        }

        void Cancel(PosixSignalContext signal)
        {
            if (!interrupt.IsCancellationRequested)
            {
                signal.Cancel = true;
                interrupt.Cancel();
            }
        }
    }

    private static int Fail(CliContext context, int code, string message, Exception ex)
    {
        context.Err.WriteLine($"archive: {message}");
        // A script that asked for JSON reads stdout: it gets the refusal there too, as an object it can parse.
        if (JsonAsked(context.Parse))
        {
            context.Out.WriteLine(FailureText(message, code));
        }

        if (context.Parse.GetValue(GlobalOptions.Verbose))
        {
            context.Err.WriteLine(ex.ToString());
        }

        return code;
    }

    /// <summary>The object <c>--json</c> prints on stdout for a refusal: <c>{"error": message, "exit_code": code}</c>.</summary>
    public static string FailureText(string message, int code) => JsonSerializer.Serialize(new FailureJson(message, code), TypeInfo<FailureJson>());

    /// <summary>Whether the command that ran has a <c>--json</c> option and it was given.</summary>
    public static bool JsonAsked(ParseResult parse) =>
        parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--json") is Option<bool> json && parse.GetValue(json);

    // The static type itself, not the value's runtime type: the generated metadata for exactly T, or NotSupportedException.
    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Json.GetTypeInfo(typeof(T));
}
