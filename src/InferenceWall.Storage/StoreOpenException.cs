namespace InferenceWall.Storage;

/// <summary>
/// The run store cannot be opened: unreachable or unreadable, not a database, or written by a newer InferenceWall
/// (then <see cref="FoundSchema"/> and <see cref="KnownSchema"/> say which schemas, and the database was not altered).
/// The message is meant for the user as it is (the CLI prints it and exits 2).
/// </summary>
public sealed class StoreOpenException : Exception
{
    public StoreOpenException()
    {
    }

    public StoreOpenException(string message)
        : base(message)
    {
    }

    public StoreOpenException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The schema version the database has, when it is newer than this build's.</summary>
    public int? FoundSchema { get; init; }

    /// <summary>The newest schema version this build knows, when the database is newer.</summary>
    public int? KnownSchema { get; init; }

    /// <summary>The refusal of a database whose schema is newer than this build's newest migration.</summary>
    public static StoreOpenException Newer(string description, int found, int known) =>
        new($"{description}: this database was written by a newer InferenceWall (schema {found}; this build knows {known}): upgrade iwall, or give another --db")
        {
            FoundSchema = found,
            KnownSchema = known,
        };
}
