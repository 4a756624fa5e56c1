using Gateway.Radio.Pei;

namespace Gateway.Radio.Tests.Pei;

/// <summary>Records every command, answers from a script, and lets a test push URC lines.</summary>
internal sealed class FakePeiCommandPort : IPeiCommandPort
{
    private readonly object _sync = new();
    private readonly List<string> _commands = [];
    private readonly List<(string Command, string Payload)> _payloads = [];

    public Func<string, PeiResponse> Respond { get; set; } = _ => PeiResponse.Ok();

    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_sync)
            {
                return [.. _commands];
            }
        }
    }

    public IReadOnlyList<(string Command, string Payload)> Payloads
    {
        get
        {
            lock (_sync)
            {
                return [.. _payloads];
            }
        }
    }

    public event Action<string>? UnsolicitedLine;

    /// <summary>Raised after a command (and its payload, if any) is recorded.</summary>
    public event Action<string, string?>? Sent;

    public Task<PeiResponse> SendAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            _commands.Add(command);
        }

        Sent?.Invoke(command, null);
        return Task.FromResult(Respond(command));
    }

    public Task<PeiResponse> SendWithPayloadAsync(string command, string payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            _commands.Add(command);
            _payloads.Add((command, payload));
        }

        Sent?.Invoke(command, payload);
        return Task.FromResult(Respond(command));
    }

    public void Raise(params string[] lines)
    {
        foreach (var line in lines)
        {
            UnsolicitedLine?.Invoke(line);
        }
    }

    public bool HasSubscribers => UnsolicitedLine is not null;
}
