using Microsoft.Extensions.Options;

namespace Gateway.Host.Configuration;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where the journal, call records and recordings live.</summary>
public sealed class StorageOptions
{
    public const string Section = "Gateway:Storage";

    /// <summary>Folder for the SQLite journal, recordings and fax archives (relative to the working directory).</summary>
    public string DataDirectory { get; set; } = "data";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Npgsql connection string; required when <see cref="Provider"/> is Postgres.</summary>
    public string? ConnectionString { get; set; }
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            errors.Add(ConfigError.Format(StorageOptions.Section, nameof(StorageOptions.DataDirectory), "must not be empty"));
        else if (options.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            errors.Add(ConfigError.Format(StorageOptions.Section, nameof(StorageOptions.DataDirectory), $"is not a valid path (got '{options.DataDirectory}')"));
        if (options.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
            errors.Add(ConfigError.Format(StorageOptions.Section, nameof(StorageOptions.ConnectionString), "is required when Provider is Postgres"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
