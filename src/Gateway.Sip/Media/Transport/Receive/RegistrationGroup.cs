namespace Gateway.Sip.Media.Transport.Receive;

/// <summary>The sockets registered together, stopped together.</summary>
internal sealed class RegistrationGroup(IAsyncDisposable[] parts) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        foreach (var part in parts) await part.DisposeAsync().ConfigureAwait(false);
    }
}
