using Archive.Core.Metadata;
using Archive.Core.Search;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Archive.Web.OpenApi;

/// <summary>Operation transformers for the bodies that are not JSON: the multipart upload, the PDF, the CSV, the text and the original.</summary>
internal static class OpenApiContent
{
    /// <summary>POST /api/documents: one <c>file</c> part and, optionally, each metadata field once.</summary>
    public static Task MultipartUpload(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The file to archive, under its own name (only the last path segment is kept)." },
        };
        foreach (var field in MetadataField.All)
        {
            properties[field.Name] = new OpenApiSchema { Type = JsonSchemaType.String, Description = field.Help };
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "multipart/form-data with exactly one file part named `file`; every other part is a metadata field, given at most once.",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(["file"], StringComparer.Ordinal),
                        Properties = properties,
                        AdditionalPropertiesAllowed = false,
                    },
                },
            },
        };
        return Task.CompletedTask;
    }

    /// <summary>POST /api/briefs and /api/briefs/check: the brief, Markdown in UTF-8.</summary>
    public static Task MarkdownBrief(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The brief: Markdown in UTF-8, as text/markdown or text/plain.",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["text/markdown"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        };
        return Task.CompletedTask;
    }

    /// <summary>POST /api/briefs: the rendered pack as a PDF attachment, its id in <c>X-Pack-Id</c>.</summary>
    public static Task Pdf(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var response = Success(operation, "The pack's PDF (its signed manifest and signature embedded as attachments), as an attachment under the pack's file name.", "application/pdf");
        response.Headers!["X-Pack-Id"] = new OpenApiHeader
        {
            Description = "The built pack's id (pack- and 12 hex digits); its manifest is at /api/packs/{id}/manifest, its signature at /api/packs/{id}/signature.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^pack-[0-9a-f]{12}$" },
        };
        response.Headers["X-Pack-File"] = new OpenApiHeader
        {
            Description = "The pack's file name: the name in Content-Disposition, on the pack's verification page, in the manifest's pdf.file and in GET /api/packs.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        return Task.CompletedTask;
    }

    /// <summary>GET /api/search.csv: every hit (up to the cap) as an RFC 4180 CSV attachment, with the counts in headers.</summary>
    public static Task Csv(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var response = Success(
            operation,
            $"Every hit of the search as CSV (UTF-8, CRLF rows, a header row: {string.Join(", ", SearchCsv.Columns)}), as the attachment {SearchCsv.FileName}. "
            + $"At most {SearchLimits.DefaultMaxHits} rows; X-Exported below X-Total-Hits says the cap was reached. Fields starting with = + - @, tab or CR get a leading apostrophe.",
            "text/csv");
        response.Content!["text/csv"].Schema = new OpenApiSchema { Type = JsonSchemaType.String };
        response.Headers!["X-Total-Hits"] = new OpenApiHeader
        {
            Description = "How many hits the search found.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
        };
        response.Headers["X-Exported"] = new OpenApiHeader
        {
            Description = "How many of them are rows of the CSV (fewer than X-Total-Hits when the export stopped at its cap).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
        };
        return Task.CompletedTask;
    }

    /// <summary>GET /api/documents/{id}/original: the archived bytes under their original name and media type.</summary>
    public static Task Original(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Success(operation, "The original bytes, as an attachment with the original file name, in the media type recorded at ingest.", "*/*");
        return Task.CompletedTask;
    }

    /// <summary>GET /api/documents/{id}/pages/{page}.png: one page of a PDF or image original, drawn as a PNG.</summary>
    public static Task PageImage(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Body(operation, "The page drawn as a PNG `width` pixels wide (its height follows the page; no side over 2,400 pixels): by pdftoppm for a PDF, from the image itself for PNG, JPEG, TIFF and WebP. "
            + "A box from GET /api/documents/{id}/pages sits at the same fractions of the page's width and height.", "image/png", new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" });
        return Task.CompletedTask;
    }

    /// <summary>GET /api/documents/{id}/screenshot: a web capture's full-page PNG, shown inline (an image, never the page's HTML).</summary>
    public static Task Screenshot(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Body(operation, "The full-page PNG screenshot taken when the page was captured (a derived blob named by SHA-256 in the captured event), with nosniff.", "image/png", new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" });
        return Task.CompletedTask;
    }

    /// <summary>GET /api/documents/{id}/text: the canonical text that offsets and citations count in.</summary>
    public static Task PlainText(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Body(operation, "The canonical text (UTF-8); passage offsets count code points in it.", "text/plain", new OpenApiSchema { Type = JsonSchemaType.String });
        return Task.CompletedTask;
    }

    /// <summary>GET /api/packs/{id}/pdf: a built pack's PDF as an attachment under the pack's file name.</summary>
    public static Task PackPdf(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Success(operation, "The pack's PDF exactly as built (pdf_sha256 hashes these bytes), as an attachment under the pack's file name.", "application/pdf");
        return Task.CompletedTask;
    }

    /// <summary>GET /api/log/public-key: the archive's checkpoint-signing public key.</summary>
    public static Task PublicKey(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Body(operation, "The ECDSA P-256 public key (SubjectPublicKeyInfo PEM) that checks every checkpoint signature: `openssl dgst -sha256 -verify public.pem -signature checkpoint.sig checkpoint.txt`.", "application/x-pem-file", new OpenApiSchema { Type = JsonSchemaType.String });
        return Task.CompletedTask;
    }

    /// <summary>GET /api/packs/{id}/manifest: the signed manifest file, byte for byte as written.</summary>
    public static Task Manifest(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Body(operation, "The pack's signed manifest exactly as written (its bytes are what manifest_sha256 hashes), as an attachment named NAME.manifest.json after the pack's NAME.pdf: saved beside the PDF, `archive verify-pack` uses it.", "application/json", new OpenApiSchema { Type = JsonSchemaType.Object }, attachment: true);
        return Task.CompletedTask;
    }

    /// <summary>GET /api/packs/{id}/signature: the manifest's signature file, byte for byte as written.</summary>
    public static Task Signature(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        Body(operation, "The ECDSA P-256 signature (DER) over the manifest's exact bytes, as an attachment named NAME.manifest.json.sig; `openssl dgst -sha256 -verify public.pem -signature SIG MANIFEST` checks it.", "application/octet-stream", new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" }, attachment: true);
        return Task.CompletedTask;
    }

    /// <summary>A 200 response in one media type, shown inline, or with <paramref name="attachment"/> as a named attachment.</summary>
    private static void Body(OpenApiOperation operation, string description, string mediaType, OpenApiSchema schema, bool attachment = false)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = description,
            Headers = attachment ? AttachmentHeaders() : null,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [mediaType] = new() { Schema = schema } },
        };
    }

    private static Dictionary<string, IOpenApiHeader> AttachmentHeaders() => new(StringComparer.Ordinal)
    {
        ["Content-Disposition"] = new OpenApiHeader
        {
            Description = "attachment, with the file name",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        },
    };

    private static OpenApiResponse Success(OpenApiOperation operation, string description, string mediaType)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var response = new OpenApiResponse
        {
            Description = description,
            Headers = AttachmentHeaders(),
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [mediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
            },
        };
        operation.Responses ??= [];
        operation.Responses["200"] = response;
        return response;
    }
}
