using Gateway.Radio.Conventional;
using Gateway.Radio.Floor;

namespace Gateway.Radio.Voice;

/// <summary>
/// A conventional radio as a voice line: one channel, no call set-up. PTT is its control line, "receiving" is its
/// squelch (COS), its TX timeout cuts PTT. Closing an order drops PTT; the radio itself stays open for the next.
/// </summary>
public sealed class ConventionalVoiceLine(ConventionalRadio radio) : IRadioVoiceLine
{
    public string Name => radio.Name;

    public Task<IRadioVoiceChannel> OpenAsync(string? target, FloorPriority priority, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(target))
        {
            throw new ArgumentException($"Radio {Name} is a conventional radio on one channel: an order cannot name '{target}'.", nameof(target));
        }

        return Task.FromResult<IRadioVoiceChannel>(new ConventionalVoiceChannel(radio));
    }

    private sealed class ConventionalVoiceChannel : IRadioVoiceChannel
    {
        private readonly ConventionalRadio _radio;
        private int _closed;

        public ConventionalVoiceChannel(ConventionalRadio radio)
        {
            _radio = radio;
            _radio.CarrierChanged += OnCarrierChanged;
            _radio.TxTimedOut += OnTxTimedOut;
        }

        public IPttTransmitter Transmitter => _radio;

        public bool OnAir => _radio.IsAudioReady;

        public bool Receiving => _radio.IsCarrierDetected;

        public string Description => $"channel of {_radio.Name}";

        public event Action<bool>? ReceivingChanged;

        public event Action? TransmitTimedOut;

        // A conventional channel never ends by itself.
        public event Action<string>? Ended
        {
            add { }
            remove { }
        }

        public async Task CloseAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _closed, 1) == 1)
            {
                return;
            }

            _radio.CarrierChanged -= OnCarrierChanged;
            _radio.TxTimedOut -= OnTxTimedOut;
            await _radio.UnkeyAsync(cancellationToken).ConfigureAwait(false);
        }

        private void OnCarrierChanged(bool open) => ReceivingChanged?.Invoke(open);

        private void OnTxTimedOut() => TransmitTimedOut?.Invoke();
    }
}
