namespace Archive.Core.Metadata;

/// <summary>How a metadata field's value is written and checked.</summary>
public enum FieldKind
{
    Text,
    LongText,
    TextList,
    Url,
    Date,
    Timestamp,
    SourceType,
    Language,
    Reliability,
    Boolean,
    Slug,
}
