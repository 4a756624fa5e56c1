using System.Collections.Concurrent;
using System.Net.WebSockets;
using Gateway.Dispatch.Channels;
using Gateway.Dispatch.Model;
using Gateway.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Dispatch.DutyTerminals;

/// <summary>
/// The duty-terminal channel: an order goes to every terminal connected under the channel address. With none
/// connected the send is rejected at once, so the engine goes on to the unit's next channel. A key offered
/// before (also before a restart) is never sent again. Sending is not acknowledging: the engine hears 签收 only
/// when the terminal sends its explicit ack.
/// </summary>
internal sealed class DutyTerminalChannel(IOptions<StorageOptions> storage, IOptions<DutyTerminalOptions> options, TimeProvider time,
    ILogger<DutyTerminalChannel> logger) : IOrderChannel, IDisposable
{
    private readonly ConcurrentDictionary<string, ImmutableSessions> _sessions = new(StringComparer.Ordinal);
    private readonly Lazy<OfferedKeyLog> _offered = new(() =>
        new OfferedKeyLog(Path.Combine(Path.GetFullPath(storage.Value.DataDirectory), "duty-terminal-offered.log"), options.Value.OfferedKeyRetention, time));

    public ChannelKind Kind => ChannelKind.DutyTerminal;

    public int ConnectedCount(string terminalId) => _sessions.TryGetValue(terminalId, out var list) ? list.Items.Length : 0;

    public IDisposable Register(DutyTerminalSession session)
    {
        _sessions.AddOrUpdate(session.TerminalId, _ => new([session]), (_, list) => new([.. list.Items, session]));
        return new Registration(this, session);
    }

    public async ValueTask<ChannelSendResult> SendAsync(OrderDelivery delivery, string idempotencyKey, CancellationToken cancellationToken)
    {
        var targets = _sessions.TryGetValue(delivery.Address, out var list) ? list.Items.Where(s => s.IsOpen).ToArray() : [];
        if (targets.Length == 0)
            return ChannelSendResult.Rejected($"no duty terminal '{delivery.Address}' is connected");
        if (!_offered.Value.TryRecord(idempotencyKey))
        {
            logger.LogWarning("Duty terminal {Terminal}: attempt {Key} was offered before; not sent again", delivery.Address, idempotencyKey);
            return ChannelSendResult.Rejected("already offered on the duty terminal (outcome unknown after a restart); not repeated");
        }
        var message = TerminalOrderMessage.Serialize(delivery, idempotencyKey);
        var reached = 0;
        foreach (var session in targets)
        {
            try
            {
                await session.SendAsync(message, cancellationToken);
                reached++;
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
            {
                logger.LogInformation(ex, "Duty terminal {Terminal} dropped while order {Key} was sent", delivery.Address, idempotencyKey);
            }
        }
        return reached > 0
            ? ChannelSendResult.Accepted
            : ChannelSendResult.Rejected($"duty terminal '{delivery.Address}' disconnected during the send");
    }

    private void Unregister(DutyTerminalSession session)
    {
        while (_sessions.TryGetValue(session.TerminalId, out var list))
        {
            var remaining = list.Items.Where(s => !ReferenceEquals(s, session)).ToArray();
            var updated = remaining.Length == 0
                ? _sessions.TryRemove(new KeyValuePair<string, ImmutableSessions>(session.TerminalId, list))
                : _sessions.TryUpdate(session.TerminalId, new(remaining), list);
            if (updated)
                return;
        }
    }

    public void Dispose()
    {
        if (_offered.IsValueCreated)
            _offered.Value.Dispose();
    }

    /// <summary>A terminal's sessions; replaced, never changed, so a send can enumerate it without a lock.</summary>
    private sealed record ImmutableSessions(DutyTerminalSession[] Items);

    private sealed class Registration(DutyTerminalChannel channel, DutyTerminalSession session) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                channel.Unregister(session);
        }
    }
}
