using Gateway.Radio.Floor;

namespace Gateway.Radio.Tests.Floor;

/// <summary>Records key/unkey calls; <see cref="Ready"/> decides whether keying succeeds.</summary>
internal sealed class FakeTransmitter : IPttTransmitter
{
    public List<string> Calls { get; } = [];

    public bool Ready { get; set; } = true;

    public bool Keyed { get; private set; }

    public Task<bool> KeyAsync(FloorPriority priority, CancellationToken cancellationToken)
    {
        Calls.Add($"key:{priority}");
        Keyed = Ready;
        return Task.FromResult(Ready);
    }

    public Task UnkeyAsync(CancellationToken cancellationToken)
    {
        Calls.Add("unkey");
        Keyed = false;
        return Task.CompletedTask;
    }
}
