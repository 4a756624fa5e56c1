using System.Collections.Concurrent;
using Gateway.Core.Lifecycle;
using Gateway.Radio.Floor;
using Microsoft.Extensions.Logging;

namespace Gateway.Radio.Voice;

/// <summary>A voice order was refused because its radio carries another order of equal or higher priority.</summary>
public sealed class RadioVoiceBusyException(string line, string activeId)
    : InvalidOperationException($"Radio {line} carries voice order {activeId}.")
{
    public string ActiveOrderId { get; } = activeId;
}

/// <summary>
/// The voice orders of every radio: at most one per radio line. A new order on a busy line is refused, unless it has
/// emergency priority and the running one does not — then the running order is ended first (PTT released, call
/// cleared) and the emergency order takes the radio. Stopping the gateway ends every order (PTT released).
/// </summary>
public sealed class RadioVoiceOrders(FloorControlOptions floorOptions, TimeProvider time, ILoggerFactory loggers) : IDeviceStopHook
{
    private readonly ConcurrentDictionary<string, IRadioVoiceLine> _lines = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _lineLocks = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RadioVoiceSession> _byLine = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RadioVoiceSession> _byId = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger<RadioVoiceOrders>();
    private long _nextId;

    public string Name => "radio voice orders";

    public IReadOnlyCollection<string> Lines => [.. _lines.Keys];

    public IReadOnlyCollection<RadioVoiceSession> Active => [.. _byId.Values];

    /// <summary>A session started (after its radio channel is open).</summary>
    public event Action<RadioVoiceSession>? Started;

    public void AddLine(IRadioVoiceLine line)
    {
        if (!_lines.TryAdd(line.Name, line))
        {
            throw new ArgumentException($"Radio line '{line.Name}' is already registered.", nameof(line));
        }
    }

    public bool HasLine(string name) => _lines.ContainsKey(name);

    public RadioVoiceSession? Find(string id) => _byId.GetValueOrDefault(id);

    public RadioVoiceSession? ActiveOn(string line) => _byLine.GetValueOrDefault(line);

    /// <exception cref="KeyNotFoundException">No such line.</exception>
    /// <exception cref="RadioVoiceBusyException">The line carries an order that may not be pre-empted.</exception>
    public async Task<RadioVoiceSession> StartAsync(string lineName, string? target, FloorPriority priority, CancellationToken cancellationToken)
    {
        if (!_lines.TryGetValue(lineName, out var line))
        {
            throw new KeyNotFoundException($"No radio line '{lineName}' for voice orders.");
        }

        var gate = _lineLocks.GetOrAdd(line.Name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_byLine.TryGetValue(line.Name, out var running) && running.State == RadioVoiceSessionState.Active)
            {
                if (priority != FloorPriority.Emergency || running.Priority == FloorPriority.Emergency)
                {
                    throw new RadioVoiceBusyException(line.Name, running.Id);
                }

                var id = PeekId();
                _logger.LogWarning("Emergency voice order {Id} pre-empts order {Running} on {Line}", id, running.Id, line.Name);
                await running.EndAsync($"pre-empted by emergency order {id}").ConfigureAwait(false);
            }

            var channel = await line.OpenAsync(target, priority, cancellationToken).ConfigureAwait(false);
            var session = new RadioVoiceSession(NextId(), line.Name, target, priority, channel, floorOptions, time, loggers);
            session.OnEnded = Forget;
            _byId[session.Id] = session;
            _byLine[line.Name] = session;
            _logger.LogInformation("Voice order {Id} on {Line} to {Channel} ({Priority})", session.Id, line.Name, session.Channel, priority);
            Started?.Invoke(session);
            return session;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Ends every order: PTT released, calls cleared.</summary>
    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        foreach (var session in _byId.Values)
        {
            await session.EndAsync("gateway stopping").WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private string PeekId() => $"voice-{Interlocked.Read(ref _nextId) + 1}";

    private string NextId() => $"voice-{Interlocked.Increment(ref _nextId)}";

    private void Forget(RadioVoiceSession session)
    {
        _byId.TryRemove(session.Id, out _);
        _byLine.TryRemove(new KeyValuePair<string, RadioVoiceSession>(session.Line, session));
    }
}
