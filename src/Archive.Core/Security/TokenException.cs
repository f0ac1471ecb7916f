namespace Archive.Core.Security;

/// <summary>A token could not be created or revoked: bad name or role, a name already used, or no such token.</summary>
internal sealed class TokenException : Exception
{
    public TokenException(string message)
        : base(message)
    {
    }

    public TokenException()
    {
    }

    public TokenException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
