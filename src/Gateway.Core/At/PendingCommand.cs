using System.Text;

namespace Gateway.Core.At;

/// <summary>
/// The command the device is answering now, or the data phase that follows a CONNECT.
/// Lines are added by the read loop only; the caller reads the result through <see cref="Result"/>.
/// </summary>
internal sealed class PendingCommand
{
    private static readonly byte[] PayloadEchoTail = [AtCommandChannel.CtrlZ, AtCommandChannel.Escape, (byte)' '];

    private readonly TaskCompletionSource<AtResponse> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _prompt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _lines = [];
    private readonly string? _responsePrefix;
    private ReadOnlyMemory<byte> _payload;
    private bool _payloadSent;
    private bool _commandEchoSeen;
    private bool _payloadEchoSeen;

    public PendingCommand(string text, string? responsePrefix, bool expectsPrompt, bool startsDataPhase)
    {
        Text = text;
        _responsePrefix = string.IsNullOrEmpty(responsePrefix) ? null : responsePrefix;
        ExpectsPrompt = expectsPrompt;
        StartsDataPhase = startsDataPhase;
    }

    public string Text { get; }

    public bool ExpectsPrompt { get; }

    public bool StartsDataPhase { get; }

    public bool IsAwaitingPrompt => ExpectsPrompt && !_prompt.Task.IsCompleted;

    public bool PromptSeen => _prompt.Task.IsCompleted;

    public bool PayloadSent => Volatile.Read(ref _payloadSent);

    /// <summary>True once the payload and its Ctrl-Z are wholly on the link (after that, ESC no longer aborts).</summary>
    public bool PayloadWritten { get; set; }

    /// <summary>The data phase installed by the read loop when this command ended in CONNECT.</summary>
    public PendingCommand? DataPhase { get; set; }

    public Task<AtResponse> Result => _result.Task;

    public Task Prompt => _prompt.Task;

    /// <summary>Called just before the payload is written, so its echo can be recognised.</summary>
    public void MarkPayloadSent(ReadOnlyMemory<byte> payload)
    {
        _payload = payload;
        Volatile.Write(ref _payloadSent, true);
    }

    /// <summary>True (and the line is consumed) when the line is the device echoing our command or payload.</summary>
    public bool TryConsumeEcho(ReadOnlySpan<byte> line)
    {
        if (!_commandEchoSeen && Text.Length > 0 && Latin1Text.EqualsString(line, Text))
        {
            _commandEchoSeen = true;
            return true;
        }

        if (!_payloadEchoSeen && PayloadSent
            && line.TrimEnd(PayloadEchoTail).SequenceEqual(_payload.Span.Trim((byte)' ')))
        {
            _payloadEchoSeen = true;
            return true;
        }

        return false;
    }

    public bool ClaimsLine(ReadOnlySpan<byte> line) =>
        _responsePrefix is not null && Latin1Text.IsPrefixMatch(line, _responsePrefix);

    public void AddLine(ReadOnlySpan<byte> line)
    {
        string text = Encoding.Latin1.GetString(line);
        lock (_lines)
        {
            _lines.Add(text);
        }
    }

    public IReadOnlyList<string> LinesSnapshot()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }

    public void OnPrompt() => _prompt.TrySetResult();

    public AtResponse Complete(AtResultCode code, ReadOnlySpan<byte> detail)
    {
        string detailText = detail.IsEmpty ? string.Empty : Encoding.Latin1.GetString(detail);
        var response = new AtResponse(Text, code, LinesSnapshot(), detailText);
        _result.TrySetResult(response);
        return response;
    }

    public void Fail(Exception exception) => _result.TrySetException(exception);
}
