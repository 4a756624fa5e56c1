namespace Gateway.Radio.Pei;

/// <summary>Final result of a PEI command.</summary>
public enum PeiResultKind
{
    Ok,
    Error,
    Timeout,
}

/// <summary>
/// The answer to one command: its final result and the information lines before it (e.g.
/// <c>+CNUMF: 6,123</c>, <c>+CMGS: 0,4,12</c>). <see cref="ErrorCode"/> holds the number of a
/// <c>+CME ERROR: n</c> when the terminal gave one.
/// </summary>
public sealed record PeiResponse(PeiResultKind Result, IReadOnlyList<string> Lines, int? ErrorCode = null)
{
    public static PeiResponse Ok(params string[] lines) => new(PeiResultKind.Ok, lines);

    public static PeiResponse Error(int? code = null) => new(PeiResultKind.Error, [], code);

    public static readonly PeiResponse TimedOut = new(PeiResultKind.Timeout, []);

    public bool IsOk => Result == PeiResultKind.Ok;
}

/// <summary>
/// What the PEI driver needs from the AT command channel — the adapter over
/// <c>Gateway.Core.At</c> implements this:
/// <list type="bullet">
/// <item><see cref="SendAsync"/> writes <paramref name="command"/> + CR, collects the lines up to the
/// final OK / ERROR / +CME ERROR and returns them; it returns <see cref="PeiResponse.TimedOut"/> when no final
/// result comes within <paramref name="timeout"/>. Commands are sent one at a time.</item>
/// <item><see cref="SendWithPayloadAsync"/> writes <paramref name="command"/> + CR LF, then
/// <paramref name="payload"/> (hex PDU) and Ctrl-Z (0x1A), then collects the result like <see cref="SendAsync"/>.</item>
/// <item><see cref="UnsolicitedLine"/> is raised, in order and one at a time, for every line that is not part of
/// a command's response — including the hex PDU line that follows a <c>+CTSDSR</c> header.</item>
/// </list>
/// A lost link may surface as an exception from the send methods; the driver treats it as an error.
/// </summary>
public interface IPeiCommandPort
{
    Task<PeiResponse> SendAsync(string command, TimeSpan timeout, CancellationToken cancellationToken);

    Task<PeiResponse> SendWithPayloadAsync(string command, string payload, TimeSpan timeout, CancellationToken cancellationToken);

    event Action<string>? UnsolicitedLine;
}
