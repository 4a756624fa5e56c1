namespace Gateway.Core.Serial.Rfc2217;

/// <summary>
/// Splits a received telnet byte stream into data and commands. Keeps its state between calls, so a
/// command split across reads (IAC | SB 44 7 | 0x30 IAC | SE) is handled. Never throws on wire input:
/// malformed sequences are counted in <see cref="MalformedCount"/> and skipped, and sub-negotiations
/// longer than <see cref="MaxSubnegotiationLength"/> are dropped.
/// </summary>
public sealed class TelnetDecoder
{
    /// <summary>RFC 2217 sub-negotiations are at most a handful of bytes; signatures are short text.</summary>
    public const int MaxSubnegotiationLength = 256;

    private readonly byte[] _subnegotiation = new byte[MaxSubnegotiationLength];
    private DecoderState _state;
    private TelnetVerb _verb;
    private byte _subnegotiationOption;
    private int _subnegotiationLength;
    private bool _subnegotiationOverflow;

    private enum DecoderState
    {
        Data,
        Iac,
        NegotiationOption,
        SubnegotiationOption,
        SubnegotiationData,
        SubnegotiationIac,
    }

    /// <summary>Sequences that broke the protocol (stray SE, IAC x inside SB, oversize SB).</summary>
    public long MalformedCount { get; private set; }

    /// <summary>
    /// Decodes <paramref name="input"/>, writing the data bytes to <paramref name="data"/> (which must be
    /// at least as long as the input and may be the same memory: data never runs ahead of input).
    /// Returns the number of data bytes written.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> data, ITelnetEventHandler handler)
    {
        if (data.Length < input.Length)
        {
            throw new ArgumentException("The data buffer must be at least as long as the input", nameof(data));
        }

        var written = 0;
        var index = 0;
        while (index < input.Length)
        {
            if (_state == DecoderState.Data)
            {
                // Fast path: copy the run of plain data up to the next IAC in one go.
                var run = input[index..];
                var iac = run.IndexOf(TelnetCodes.Iac);
                var plain = iac < 0 ? run.Length : iac;
                run[..plain].CopyTo(data[written..]);
                written += plain;
                index += plain;
                if (iac >= 0)
                {
                    _state = DecoderState.Iac;
                    index++;
                }

                continue;
            }

            var value = input[index++];
            switch (_state)
            {
                case DecoderState.Iac:
                    written += OnByteAfterIac(value, data, written, handler);
                    break;
                case DecoderState.NegotiationOption:
                    _state = DecoderState.Data;
                    handler.OnNegotiation(_verb, value);
                    break;
                case DecoderState.SubnegotiationOption:
                    _subnegotiationOption = value;
                    _subnegotiationLength = 0;
                    _subnegotiationOverflow = false;
                    _state = DecoderState.SubnegotiationData;
                    break;
                case DecoderState.SubnegotiationData:
                    if (value == TelnetCodes.Iac)
                    {
                        _state = DecoderState.SubnegotiationIac;
                    }
                    else
                    {
                        AppendSubnegotiation(value);
                    }

                    break;
                case DecoderState.SubnegotiationIac:
                    if (value == TelnetCodes.Iac)
                    {
                        AppendSubnegotiation(value);
                        _state = DecoderState.SubnegotiationData;
                    }
                    else if (value == TelnetCodes.Se)
                    {
                        _state = DecoderState.Data;
                        if (_subnegotiationOverflow)
                        {
                            MalformedCount++;
                        }
                        else
                        {
                            handler.OnSubnegotiation(_subnegotiationOption, _subnegotiation.AsSpan(0, _subnegotiationLength));
                        }
                    }
                    else
                    {
                        // IAC x inside SB: the sub-negotiation was cut short; drop it and treat IAC x as a command.
                        MalformedCount++;
                        written += OnByteAfterIac(value, data, written, handler);
                    }

                    break;
            }
        }

        return written;
    }

    /// <summary>Forgets any partial sequence, e.g. after a reconnect.</summary>
    public void Reset()
    {
        _state = DecoderState.Data;
        _subnegotiationLength = 0;
        _subnegotiationOverflow = false;
    }

    private int OnByteAfterIac(byte value, Span<byte> data, int written, ITelnetEventHandler handler)
    {
        _state = DecoderState.Data;
        switch (value)
        {
            case TelnetCodes.Iac:
                data[written] = TelnetCodes.Iac;
                return 1;
            case TelnetCodes.Will or TelnetCodes.Wont or TelnetCodes.Do or TelnetCodes.Dont:
                _verb = (TelnetVerb)value;
                _state = DecoderState.NegotiationOption;
                return 0;
            case TelnetCodes.Sb:
                _state = DecoderState.SubnegotiationOption;
                return 0;
            case TelnetCodes.Se:
                MalformedCount++;
                return 0;
            default:
                handler.OnCommand(value);
                return 0;
        }
    }

    private void AppendSubnegotiation(byte value)
    {
        if (_subnegotiationLength < _subnegotiation.Length)
        {
            _subnegotiation[_subnegotiationLength++] = value;
        }
        else
        {
            _subnegotiationOverflow = true;
        }
    }
}
