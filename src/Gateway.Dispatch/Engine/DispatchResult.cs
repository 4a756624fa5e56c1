namespace Gateway.Dispatch.Engine;

public enum DispatchStatus
{
    Ok,
    NotFound,
    Invalid,
    IllegalTransition,
    /// <summary>Nothing changed because the state already holds (safe to ignore for repeated reports).</summary>
    Duplicate,
}

/// <summary>The answer to a command; the HTTP layer maps the status to 200/404/400/409.</summary>
public readonly record struct DispatchResult<T>(DispatchStatus Status, T? Value, string? Error)
{
    public bool IsOk => Status == DispatchStatus.Ok;

    public static DispatchResult<T> Ok(T value) => new(DispatchStatus.Ok, value, null);

    public static DispatchResult<T> Fail(DispatchStatus status, string error) => new(status, default, error);
}
